#!/usr/bin/env python3
"""Generates sigv4_vectors.json: presigned S3 URLs made by botocore, for the Swift signer's tests.

botocore is AWS's own Python implementation, so its `generate_presigned_url` is the reference.
The clock is frozen through `botocore.auth.get_current_datetime` (the installed botocore's hook),
so the output is stable and can be committed.

    python3 make_sigv4_vectors.py > sigv4_vectors.json     # regenerate the fixture
    python3 make_sigv4_vectors.py                          # what the Swift test runs to compare live
"""
import datetime
import json
import sys

import botocore
import botocore.auth
import botocore.session
from botocore.config import Config

ACCESS = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
OPERATIONS = {"GET": "get_object", "PUT": "put_object", "DELETE": "delete_object"}

# (name, method, endpoint, region, bucket, key, addressing, expires, when)
CASES = [
    ("aws-example", "GET", "https://s3.amazonaws.com", "us-east-1", "examplebucket", "test.txt", "virtual", 86400, "2013-05-24T00:00:00"),
    ("aws-example-path", "GET", "https://s3.amazonaws.com", "us-east-1", "examplebucket", "test.txt", "path", 86400, "2013-05-24T00:00:00"),
    ("space-key-put", "PUT", "https://s3.eu-central-1.amazonaws.com", "eu-central-1", "studio-relight", "relight/my photo 01.jpg", "path", 900, "2026-11-25T15:04:05"),
    ("space-key-get-virtual", "GET", "https://s3.eu-central-1.amazonaws.com", "eu-central-1", "studio-relight", "relight/my photo 01.jpg", "virtual", 900, "2026-11-25T15:04:05"),
    ("unicode-key", "PUT", "https://s3.us-west-2.amazonaws.com", "us-west-2", "photos", "relight/Zoë Ærø 東京 📷.png", "path", 3600, "2026-01-31T23:59:59"),
    ("unicode-key-virtual", "GET", "https://s3.us-west-2.amazonaws.com", "us-west-2", "photos", "relight/Zoë Ærø 東京 📷.png", "virtual", 3600, "2026-01-31T23:59:59"),
    ("plus-key", "GET", "https://s3.ap-southeast-2.amazonaws.com", "ap-southeast-2", "bucket-1", "a+b/c+d.webp", "path", 60, "2025-02-28T12:00:00"),
    ("plus-key-virtual-delete", "DELETE", "https://s3.ap-southeast-2.amazonaws.com", "ap-southeast-2", "bucket-1", "a+b/c+d.webp", "virtual", 60, "2025-02-28T12:00:00"),
    ("slashes", "PUT", "https://s3.amazonaws.com", "us-east-1", "deep", "a/b/c/d/e.jpg", "path", 604800, "2024-02-29T06:30:00"),
    ("double-slash", "GET", "https://s3.amazonaws.com", "us-east-1", "deep", "a//b/./c.jpg", "path", 300, "2024-02-29T06:30:00"),
    ("reserved-chars", "PUT", "http://127.0.0.1:5000", "us-east-1", "relight-test", "k=v&x?y#z%25;:@,$!*'()[] ~_-.jpg", "path", 900, "2026-11-25T15:04:05"),
    ("moto-like-get", "GET", "http://127.0.0.1:5000", "us-east-1", "relight-test", "relight/0a1b2c3d-4e5f.jpg", "path", 900, "2026-11-25T15:04:05"),
    ("moto-like-delete", "DELETE", "http://127.0.0.1:5000", "us-east-1", "relight-test", "relight/0a1b2c3d-4e5f.jpg", "path", 900, "2026-11-25T15:04:05"),
    ("minio-port-virtual", "PUT", "http://minio.local:9000", "us-east-1", "studio", "in/photo.jpg", "virtual", 900, "2026-11-25T15:04:05"),
    ("minio-port-path", "GET", "http://minio.local:9000", "us-east-1", "studio", "in/photo.jpg", "path", 1, "2026-11-25T15:04:05"),
    ("r2-auto", "PUT", "https://0123456789abcdef.r2.cloudflarestorage.com", "auto", "relight", "relight/x y+z.jpg", "path", 900, "2026-06-01T00:00:00"),
    ("b2", "GET", "https://s3.us-west-004.backblazeb2.com", "us-west-004", "studio-relight", "relight/IMG_0001.JPG", "virtual", 7200, "2026-06-01T00:00:00"),
    ("wasabi", "DELETE", "https://s3.eu-central-2.wasabisys.com", "eu-central-2", "studio-relight", "relight/IMG 0001 (2).JPG", "path", 43200, "2026-12-31T23:59:59"),
]


SESSION = botocore.session.get_session()


def presign(method, endpoint, region, bucket, key, addressing, expires, when):
    fixed = datetime.datetime.strptime(when, "%Y-%m-%dT%H:%M:%S")
    botocore.auth.get_current_datetime = lambda *args, **kwargs: fixed
    client = SESSION.create_client(
        "s3",
        region_name=region,
        endpoint_url=endpoint,
        aws_access_key_id=ACCESS,
        aws_secret_access_key=SECRET,
        config=Config(signature_version="s3v4", s3={"addressing_style": addressing}),
    )
    return client.generate_presigned_url(
        OPERATIONS[method], Params={"Bucket": bucket, "Key": key}, ExpiresIn=expires
    )


def main():
    vectors = []
    for name, method, endpoint, region, bucket, key, addressing, expires, when in CASES:
        vectors.append({
            "name": name,
            "method": method,
            "endpoint": endpoint,
            "region": region,
            "bucket": bucket,
            "key": key,
            "addressing": addressing,
            "expires": expires,
            "date": when + "Z",
            "accessKey": ACCESS,
            "secretKey": SECRET,
            "url": presign(method, endpoint, region, bucket, key, addressing, expires, when),
        })
    json.dump({"generator": "botocore " + botocore.__version__, "vectors": vectors},
              sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
