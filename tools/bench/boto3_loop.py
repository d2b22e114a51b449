"""Row 3 (peer): warm STS GetCallerIdentity calls through boto3 in one Python process.

Usage: boto3_loop.py ENDPOINT_URL PROFILE EXPECT_ARN COUNT [WARMUP]

One client from the profile (the same config file Bench.ps1 wrote), endpoint_url passed
explicitly: Debian's botocore 1.29 predates AWS_ENDPOINT_URL. Checks one call returns
EXPECT_ARN, warms up, times COUNT calls; prints {"samples_ms": [...]}.
"""
import json
import sys
import time

import boto3

endpoint, profile, expect, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
warmup = int(sys.argv[5]) if len(sys.argv) > 5 else 20
client = boto3.Session(profile_name=profile).client("sts", endpoint_url=endpoint)
arn = client.get_caller_identity()["Arn"]
if arn != expect:
    sys.exit(f"boto3 returned {arn!r}, expected {expect!r}")
for _ in range(warmup):
    client.get_caller_identity()
samples = []
for _ in range(count):
    t = time.perf_counter()
    client.get_caller_identity()
    samples.append((time.perf_counter() - t) * 1000.0)
print(json.dumps({"samples_ms": samples}))
