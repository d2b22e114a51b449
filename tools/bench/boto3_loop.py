"""Row 3 (peer): warm STS GetCallerIdentity calls through boto3 in one Python process.

Usage: boto3_loop.py ENDPOINT_URL PROFILE EXPECT_ARN COUNT [WARMUP]

One client from the profile (the same config file Bench.ps1 wrote), endpoint_url passed
explicitly: Debian's botocore 1.29 predates AWS_ENDPOINT_URL. Checks one call returns
EXPECT_ARN, warms up, times COUNT calls; prints {"samples_ms": [...]}.

For an sso_session profile botocore's own SSOProvider reads the same token cache
(~/.aws/sso/cache) and calls GetRoleCredentials; since it cannot be told the portal's endpoint
in 1.29 (no AWS_ENDPOINT_URL, no per-service config), its client creator is wrapped to pass
endpoint_url, so the portal call also goes to the emulator. Role credentials are then cached by
botocore for the loop, as ours are in memory.
"""
import json
import sys
import time

import boto3

endpoint, profile, expect, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
warmup = int(sys.argv[5]) if len(sys.argv) > 5 else 20
session = boto3.Session(profile_name=profile)
resolver = session._session.get_component("credential_provider")
for provider in resolver.providers:
    if provider.METHOD == "sso":
        create = provider._client_creator
        provider._client_creator = lambda name, *a, _create=create, **kw: _create(name, *a, endpoint_url=endpoint, **kw)
client = session.client("sts", endpoint_url=endpoint)
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
