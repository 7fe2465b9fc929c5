/// Which folder each inotify watch descriptor stands for, kept in Swift.
///
/// libinotifytools keeps such a table too, but it goes stale: renaming a folder tree leaves old
/// paths behind (inotify-tools #130) and deleted folders are never removed (`IN_IGNORED` is not
/// handled). This one is updated on every rename, move and delete.
struct WatchTable {
    struct Node: Equatable {
        var root: Int
        var path: WatchPath
    }

    private(set) var nodes: [Int32: Node] = [:]
    private var descriptors: [WatchPath: Int32] = [:]

    var count: Int { nodes.count }

    func node(_ wd: Int32) -> Node? { nodes[wd] }

    func descriptor(of path: WatchPath) -> Int32? { descriptors[path] }

    /// Records that `wd` watches `path` (the kernel returns the same wd when a folder is watched again).
    mutating func insert(_ wd: Int32, root: Int, path: WatchPath) {
        if let old = nodes[wd], descriptors[old.path] == wd { descriptors[old.path] = nil }
        nodes[wd] = Node(root: root, path: path)
        descriptors[path] = wd
    }

    @discardableResult
    mutating func remove(_ wd: Int32) -> Node? {
        guard let node = nodes.removeValue(forKey: wd) else { return nil }
        if descriptors[node.path] == wd { descriptors[node.path] = nil }
        return node
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
            if descriptors[node.path] == wd { descriptors[node.path] = nil }
        }
        for (wd, node) in moving {
            let path = node.path.replacingPrefix(old, with: new)
            nodes[wd] = Node(root: root, path: path)
            descriptors[path] = wd
        }
    }
}
