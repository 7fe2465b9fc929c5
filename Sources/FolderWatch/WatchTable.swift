/// Which folder each inotify watch descriptor stands for, kept in Swift.
///
/// libinotifytools keeps such a table too, but it goes stale: renaming a folder tree leaves old
/// paths behind (inotify-tools #130) and deleted folders are never removed (`IN_IGNORED` is not
/// handled). This one is updated on every rename, move and delete. It maps one way only
/// (descriptor → folder): events carry descriptors, and a second map would cost memory per watch.
struct WatchTable {
    struct Node: Equatable {
        var root: Int
        var path: WatchPath
    }

    private(set) var nodes: [Int32: Node] = [:]

    var count: Int { nodes.count }

    func node(_ wd: Int32) -> Node? { nodes[wd] }

    /// The descriptor watching `path` (a linear search, for tests and diagnostics).
    func descriptor(of path: WatchPath) -> Int32? { nodes.first { $0.value.path == path }?.key }

    /// Records that `wd` watches `path` (the kernel returns the same wd when a folder is watched again).
    mutating func insert(_ wd: Int32, root: Int, path: WatchPath) {
        nodes[wd] = Node(root: root, path: path)
    }

    @discardableResult
    mutating func remove(_ wd: Int32) -> Node? {
        nodes.removeValue(forKey: wd)
    }

    /// Removes every watch of `root` at or below `folder`; returns their descriptors.
    mutating func removeTree(_ folder: WatchPath, root: Int) -> [Int32] {
        let doomed = nodes.filter { $0.value.root == root && $0.value.path.isWithin(folder) }.map(\.key)
        for wd in doomed { remove(wd) }
        return doomed
    }

    /// Every watch of `root`.
    func descriptors(of root: Int) -> [Int32] {
        nodes.filter { $0.value.root == root }.map(\.key)
    }

    /// A folder was renamed or moved inside the same tree: re-key it and everything below it.
    mutating func renameTree(from old: WatchPath, to new: WatchPath, root: Int) {
        let moving = nodes.filter { $0.value.root == root && $0.value.path.isWithin(old) }
        for (wd, node) in moving {
            nodes[wd] = Node(root: root, path: node.path.replacingPrefix(old, with: new))
        }
    }
}
