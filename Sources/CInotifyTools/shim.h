// libinotifytools (Debian: libinotifytools0-dev). It ships no pkg-config file, so the module
// map links it by name. <sys/inotify.h> gives the event masks, struct inotify_event and the
// Glibc calls used where the library's own tables cannot be trusted; <sys/eventfd.h> and
// <poll.h> let the watcher thread wake up for commands without waiting out a timeout;
// <sys/statfs.h> tells network file systems apart; <sys/prctl.h> names the watcher's threads;
// <sys/syscall.h> gives getdents64 for listing folders.
#ifndef RELIGHT_CINOTIFYTOOLS_SHIM_H
#define RELIGHT_CINOTIFYTOOLS_SHIM_H
#include <sys/inotify.h>
#include <sys/eventfd.h>
#include <poll.h>
#include <sys/statfs.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <inotifytools/inotifytools.h>

/// Names the calling thread (shown by top -H and gdb); Glibc's pthread_setname_np needs _GNU_SOURCE.
static inline void relight_name_thread(const char *name) {
    prctl(PR_SET_NAME, name, 0, 0, 0);
}

/// O_NOATIME (Linux, asm-generic/fcntl.h), a GNU extension Swift's Glibc module leaves out.
/// Spelled out rather than taken from <fcntl.h>: including that here would make this module own
/// `struct stat` and `timespec` for Swift, hiding Glibc's.
static const int relight_o_noatime = 01000000;

/// getdents64(2): a folder's entries straight into a caller's buffer, without readdir's fstat
/// and per-stream allocation (start-up lists one folder per watch). Returns bytes read, 0 at
/// the end, or -1 with errno.
static inline long relight_getdents64(int fd, void *buffer, unsigned long size) {
    return syscall(SYS_getdents64, fd, buffer, size);
}
#endif
