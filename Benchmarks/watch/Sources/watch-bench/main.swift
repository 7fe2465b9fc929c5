print("watch-bench: not yet written")
