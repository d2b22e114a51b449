#!/usr/bin/env python3
"""Rows 5 and 6 of BENCHMARKS.md: a "browser" that approves the emulator's consent pages over
plain HTTP (no Chromium, so its own start-up is not in the way) and records when it delivers the
callback.

Used as $env:BROWSER ("python3 timed_browser.py %s"). Given
- a console-login or IAM Identity Center authorize URL: GETs the consent page, POSTs its
  approve form without following the redirect, notes the wall-clock time (time.time_ns(), the
  clock file mtimes use), then GETs the loopback redirect_uri (the callback) and notes when that
  answered;
- the emulator's device page (.../device?user_code=X): POSTs /device/approve and notes the time.
With $TIMED_BROWSER_WATCH (paths separated by os.pathsep) it then polls those files every
~0.2 ms (stat: inode, size, mtime, ctime) and notes when each one changed: file mtimes alone are
too coarse for this (the kernel stamps them from a clock tick, a few ms, and two files written
in one tick get the same mtime, earlier than the callback itself).
Appends one JSON line to $TIMED_BROWSER_LOG:
  {"kind": "callback"|"device", "sent_ns": ..., "answered_ns": ..., "status": ...,
   "written_ns": {path: ns or null}}
"""
import html, json, os, re, sys, threading, time, urllib.error, urllib.parse, urllib.request

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirect())

def request(url, data=None):
    body = None if data is None else urllib.parse.urlencode(data).encode()
    try:
        with opener.open(urllib.request.Request(url, data=body, method="POST" if body is not None else "GET"), timeout=60) as r:
            return r.status, dict(r.headers), r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode("utf-8", "replace")

def record(entry):
    path = os.environ.get("TIMED_BROWSER_LOG")
    if path:
        with open(path, "a") as f:
            f.write(json.dumps(entry) + "\n")

def signature(path):
    try:
        st = os.stat(path)
        return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    except FileNotFoundError:
        return None

def deliver(send):
    """Runs send() (the callback or the approval) on a thread while watching the files; returns
    (sent_ns, answered_ns, status, written_ns)."""
    watch = [p for p in os.environ.get("TIMED_BROWSER_WATCH", "").split(os.pathsep) if p]
    before = {p: signature(p) for p in watch}
    written = {p: None for p in watch}
    result = {}
    def run():
        result["status"] = send()
        result["answered_ns"] = time.time_ns()
    thread = threading.Thread(target=run)
    sent = time.time_ns()
    thread.start()
    deadline = time.time() + 60
    while time.time() < deadline and (any(v is None for v in written.values()) or thread.is_alive()):
        for p in watch:
            if written[p] is None and signature(p) != before[p]:
                written[p] = time.time_ns()
        time.sleep(0.0002)
    thread.join()
    return sent, result.get("answered_ns"), result.get("status"), written

def main():
    url = sys.argv[1]
    parts = urllib.parse.urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    if parts.path.endswith("/device"):
        code = dict(urllib.parse.parse_qsl(parts.query))["user_code"]
        sent, answered, status, written = deliver(lambda: request(origin + parts.path + "/approve", {"user_code": code})[0])
        record({"kind": "device", "sent_ns": sent, "answered_ns": answered, "status": status, "written_ns": written})
        return 0 if status < 400 else 1
    status, _, page = request(url)
    form = re.search(r'<form method="(?:post|POST)" action="([^"]+)"><input type="hidden" name="request" value="([^"]+)">', page)
    if status != 200 or not form:
        record({"kind": "error", "status": status, "page": page[:200]})
        return 1
    action, rid = html.unescape(form.group(1)), html.unescape(form.group(2))
    data = {"request": rid}
    if action.endswith("/decision"):
        data["decision"] = "approve"
    status, headers, _ = request(origin + action, data)
    location = headers.get("Location") or headers.get("location")
    if status != 302 or not location:
        record({"kind": "error", "status": status})
        return 1
    sent, answered, status, written = deliver(lambda: request(location)[0])
    record({"kind": "callback", "sent_ns": sent, "answered_ns": answered, "status": status, "written_ns": written})
    return 0 if status < 400 else 1

if __name__ == "__main__":
    sys.exit(main())
