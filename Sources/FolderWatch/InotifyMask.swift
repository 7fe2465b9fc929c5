/// inotify(7) event bits, as the kernel ABI defines them.
enum InotifyMask {
    static let modify: UInt32 = 0x0000_0002
    static let attrib: UInt32 = 0x0000_0004
    static let closeWrite: UInt32 = 0x0000_0008
    static let movedFrom: UInt32 = 0x0000_0040
    static let movedTo: UInt32 = 0x0000_0080
    static let create: UInt32 = 0x0000_0100
    static let delete: UInt32 = 0x0000_0200
    static let deleteSelf: UInt32 = 0x0000_0400
    static let moveSelf: UInt32 = 0x0000_0800
    static let unmount: UInt32 = 0x0000_2000
    static let queueOverflow: UInt32 = 0x0000_4000
    static let ignored: UInt32 = 0x0000_8000
    static let onlyDirectory: UInt32 = 0x0100_0000
    static let dontFollow: UInt32 = 0x0200_0000
    static let excludeUnlinked: UInt32 = 0x0400_0000
    static let isDirectory: UInt32 = 0x4000_0000

    /// What every folder is watched for: completed writes and moves in (the triggers), new,
    /// moved and deleted folders (to keep the tree and paths right), deletes (to forget files).
    static let folderWatch: UInt32 = closeWrite | movedTo | movedFrom | create | delete | deleteSelf | moveSelf
        | onlyDirectory | dontFollow | excludeUnlinked
}
