#!/usr/bin/env python3
"""A hostile or confused "browser" for the login tests. Given the authorize URL it calls the
loopback callback (redirect_uri) itself. MODE (env FORGE_MODE):
  wrong-state   GET redirect_uri?code=forged&state=<another UUID>   (a forged callback)
  no-state      GET redirect_uri?code=forged                        (a callback without state)
  other-path    GET /favicon.ico and /oauth/other on the listener, then run drive-browser.py
  approve       approve on the emulator's sign-in page over plain HTTP (no Chromium), then GET
                the callback it redirects to: a cheap real sign-in for tests that start many
"""
import os, subprocess, sys, urllib.parse, urllib.request

url = sys.argv[1]
q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
redirect = q["redirect_uri"]
root = redirect.rsplit("/oauth/callback", 1)[0]
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

def get(u):
    try:
        with opener.open(u, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except Exception:
        return 0

mode = os.environ.get("FORGE_MODE", "wrong-state")
if mode == "no-state":
    get(redirect + "?code=forged")
elif mode == "wrong-state":
    get(redirect + "?code=forged&state=00000000-0000-4000-8000-000000000000")
elif mode == "approve":
    import re
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None
    with opener.open(url, timeout=30) as r:
        request_id = re.search(r'name="request" value="([^"]+)"', r.read().decode()).group(1)
    split = urllib.parse.urlsplit(url)
    decision = urllib.parse.urlunsplit((split.scheme, split.netloc, "/v1/authorize/decision", "", ""))
    form = urllib.parse.urlencode({"request": request_id, "decision": "approve"}).encode()
    no_redirect = urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirect)
    try:
        no_redirect.open(decision, data=form, timeout=30)
        sys.exit("the decision did not redirect")
    except urllib.error.HTTPError as e:
        location = e.headers["Location"]
    sys.exit(0 if get(location) == 200 else 1)
elif mode == "other-path":
    get(root + "/favicon.ico")
    get(root + "/oauth/other?code=x&state=" + q["state"])
    sys.exit(subprocess.call([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "drive-browser.py"), url]))
