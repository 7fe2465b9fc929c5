#!/usr/bin/env python3
"""Waits until something accepts connections on 127.0.0.1:PORT (at most 30 s)."""
import socket
import sys
import time

port = int(sys.argv[1])
for _ in range(150):
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            sys.exit(0)
    time.sleep(0.2)
sys.exit(f"nothing is listening on 127.0.0.1:{port}")
