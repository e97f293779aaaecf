#!/usr/bin/env python3
"""Accelerated soak with faults (issue 25, item 2): the demo at 12x its rate for hours, its peers killed, stalled
and fed garbage, its store on a small filesystem that fills up and gets space back. See bench/soak/README.md.

    sudo nice -n 10 python3 bench/soak/soak.py [--duration 7200] [--out DIR] [--base-port 28100]

Needs root (it mounts a tmpfs for the store), Python 3.8+ (standard library only), curl is not needed. Writes into
--out (default /var/tmp/gridhub-soak/<UTC time>): metrics.csv (every 10 s), faults.jsonl (one line per fault),
pushes.log (every pushed reading: n, wall time, HTTP status), nb104.log, verify.json, soak.log, and the hub's and
field's logs under instances/. bench/soak/report.py turns that folder into the markdown of docs/benchmarks.md.
"""
import argparse
import base64
import json
import os
import random
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
AUTH = "operator:operator-demo"
SPEED = 12  # hub seconds per wall second
RATE = 12  # device poll intervals are divided by this (the demo's polls are in wall time)
POINT = "soak.meter.e_imp"
SOURCE = "soak"
STOP = threading.Event()
LOCK = threading.Lock()


def now():
    return time.time()


def iso(t):
    return datetime.fromtimestamp(t, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Log:
    def __init__(self, path):
        self.f = open(path, "a", buffering=1)

    def __call__(self, *parts):
        line = "%s %s" % (iso(now()), " ".join(str(p) for p in parts))
        with LOCK:
            self.f.write(line + "\n")
            print(line, flush=True)


# ---------------------------------------------------------------------------------------------------------- config


def relocate_config(out, base):
    """A copy of config/demo with every port moved to base.., the device polls RATE times as often."""
    src = os.path.join(ROOT, "config", "demo")
    dst = os.path.join(out, "soak")
    shutil.copytree(src, dst)
    ports = {"http": base, "https": base + 1, "ssh": base + 2}
    old_to_new = {}
    nxt = [base + 10]

    def move(old):
        if old not in old_to_new:
            old_to_new[old] = nxt[0]
            nxt[0] += 1
        return old_to_new[old]

    for name in sorted(os.listdir(dst)):
        if not name.endswith(".cfg"):
            continue
        path = os.path.join(dst, name)
        text = open(path).read()
        text = re.sub(r"(?m)^port\s*=\s*(\d+)\s*$", lambda m: "port = %d" % move(int(m.group(1))), text)
        text = re.sub(r"127\.0\.0\.1:(\d+)/", lambda m: "127.0.0.1:%d/" % move(int(m.group(1))), text)
        text = re.sub(r"(?m)^pollMillis\s*=\s*(\d+)\s*$",
                      lambda m: "pollMillis = %d" % max(1, int(m.group(1)) // RATE), text)
        open(path, "w").write(text)
    field_path = os.path.join(dst, "field.json")
    field = json.load(open(field_path))

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "port" and isinstance(v, int):
                    node[k] = move(v)
                else:
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(field)
    ocpp_old = 9220
    field["ocpp"] = "ws://127.0.0.1:%d/ocpp" % move(ocpp_old)
    json.dump(field, open(field_path, "w"), indent=1)
    # Karaf's ssh console, if its feature is installed, moves too (a *.cfg of the configuration goes to etc/).
    shell = subprocess.run(["tar", "xzOf", dist_path(), "--wildcards", "*/etc/org.apache.karaf.shell.cfg"],
                           capture_output=True, text=True, timeout=60).stdout
    if shell:
        shell = re.sub(r"(?m)^sshPort\s*=.*$", "sshPort = %d" % ports["ssh"], shell)
        shell = re.sub(r"(?m)^sshHost\s*=.*$", "sshHost = 127.0.0.1", shell)
        open(os.path.join(dst, "org.apache.karaf.shell.cfg"), "w").write(shell)
    # The harness's own meter: a register in Wh pushed over REST, verified against the store at the end.
    json.dump({"source": SOURCE,
               "description": "bench/soak: the soak harness's counter, pushed once per push interval",
               "time": {"use": "source"},
               "points": [{"address": "e_imp", "point": POINT, "unit": "Wh", "quantity": "ACTIVE_ENERGY",
                           "asset": "soak-meter"}]},
              open(os.path.join(dst, "mappings", "soak.json"), "w"), indent=1)
    named = {}
    for name in os.listdir(dst):
        if name.endswith(".cfg"):
            m = re.search(r"(?m)^port = (\d+)$", open(os.path.join(dst, name)).read())
            if m:
                named[name] = int(m.group(1))
    ports["files"] = named
    ports["map"] = {str(k): v for k, v in old_to_new.items()}
    ports["field"] = field
    ports["nb104"] = named["io.gridhub.northbound.iec104.cfg"]
    ports["nbopcua"] = named["io.gridhub.northbound.opcua.cfg"]
    return dst, ports


def version():
    return re.search(r"<version>(.*?)</version>", open(os.path.join(ROOT, "pom.xml")).read()).group(1)


def dist_path():
    return os.path.join(ROOT, "distribution", "target", "gridhub-distribution-%s.tar.gz" % version())


# ------------------------------------------------------------------------------------------------------------ http


class Hub:
    def __init__(self, port):
        self.base = "http://127.0.0.1:%d" % port
        self.auth = "Basic " + base64.b64encode(AUTH.encode()).decode()

    def call(self, path, body=None, timeout=5, raw=None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(self.base + path, data=data, method="POST" if data is not None else "GET")
        req.add_header("Authorization", self.auth)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()
        except Exception as e:  # refused, reset, timeout
            return 0, str(e).encode()

    def health(self):
        code, body = self.call("/api/v1/health", timeout=5)
        try:
            return code, json.loads(body)
        except Exception:
            return code, {}

    def devices(self):
        code, body = self.call("/api/v1/devices", timeout=5)
        if code != 200:
            return None
        try:
            return json.loads(body)["devices"]
        except Exception:
            return None


# -------------------------------------------------------------------------------------------------------- proc info


def proc_status(pid):
    out = {}
    try:
        for line in open("/proc/%d/status" % pid):
            k, _, v = line.partition(":")
            out[k] = v.strip()
    except OSError:
        return None
    return out


def cpu_ticks(pid):
    """User + system CPU ticks (os.sysconf("SC_CLK_TCK") a second) of a process so far."""
    try:
        fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return -1


def fd_count(pid):
    try:
        return len(os.listdir("/proc/%d/fd" % pid))
    except OSError:
        return -1


def derby_connections(pid):
    """(open connections, connection objects) of the hub's embedded Derby from `jcmd GC.class_histogram` (live objects,
    after the full GC it forces): an open connection has an EmbedConnectionContext on its context manager, pushed when
    it opens and popped when it closes; EmbedConnection objects also count closed connections whose finalize() has
    not run yet. (-1, -1) when jcmd fails."""
    try:
        out = subprocess.run(["jcmd", str(pid), "GC.class_histogram"], capture_output=True, text=True,
                             timeout=60).stdout
    except Exception:
        return -1, -1
    if "num" not in out:
        return -1, -1
    counts = {"org.apache.derby.impl.jdbc.EmbedConnectionContext": 0, "org.apache.derby.impl.jdbc.EmbedConnection": 0}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[3] in counts:
            counts[parts[3]] += int(parts[1])
    return (counts["org.apache.derby.impl.jdbc.EmbedConnectionContext"],
            counts["org.apache.derby.impl.jdbc.EmbedConnection"])


def field_pid(hub_pid):
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            cmd = open("/proc/%s/cmdline" % p, "rb").read().split(b"\0")
        except OSError:
            continue
        if any(c.endswith(b"gridhub-field.jar") for c in cmd) and b"--stop-with" in cmd:
            i = cmd.index(b"--stop-with")
            if i + 1 < len(cmd) and cmd[i + 1] == str(hub_pid).encode():
                return int(p)
    return None


# ------------------------------------------------------------------------------------------------ IEC 104 master


class Iec104Master(threading.Thread):
    """A minimal IEC 60870-5-104 master on the hub's northbound outstation: STARTDT, a general interrogation, then it
    counts the I-frames (spontaneous values) and acknowledges them (S-frames), answers TESTFR; reconnects on loss."""

    def __init__(self, port, log):
        super().__init__(daemon=True)
        self.port, self.log = port, log
        self.frames = 0
        self.last_frame = 0.0
        self.connects = 0
        self.pause = threading.Event()

    def run(self):
        while not STOP.is_set():
            try:
                self.session()
            except Exception as e:
                self.log("nb104: session ended:", e)
            STOP.wait(2)

    def session(self):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        s.settimeout(1)
        self.connects += 1
        s.sendall(bytes([0x68, 4, 0x07, 0, 0, 0]))
        vr, vs, unacked, last_ack = 0, 0, 0, now()
        gi_sent = False
        buf = b""
        deadline_idle = now() + 60
        try:
            while not STOP.is_set():
                if self.pause.is_set():
                    STOP.wait(0.5)
                    deadline_idle = now() + 60
                    continue
                try:
                    chunk = s.recv(65536)
                    if not chunk:
                        raise ConnectionError("closed by the outstation")
                    buf += chunk
                except socket.timeout:
                    pass
                while len(buf) >= 2:
                    if buf[0] != 0x68:
                        raise ConnectionError("bad start byte %02x" % buf[0])
                    n = buf[1]
                    if len(buf) < 2 + n:
                        break
                    apdu, buf = buf[2:2 + n], buf[2 + n:]
                    deadline_idle = now() + 60
                    c1 = apdu[0]
                    if c1 & 1 == 0:  # I-frame
                        vr = (vr + 1) % 32768
                        unacked += 1
                        self.frames += 1
                        self.last_frame = now()
                    elif c1 & 3 == 3:  # U-frame
                        if c1 == 0x43:
                            s.sendall(bytes([0x68, 4, 0x83, 0, 0, 0]))
                        elif c1 == 0x0B and not gi_sent:
                            asdu = bytes([100, 1, 6, 0, 1, 0, 0, 0, 0, 20])
                            ctl = struct.pack("<HH", vs << 1, vr << 1)
                            s.sendall(bytes([0x68, 4 + len(asdu)]) + ctl + asdu)
                            vs += 1
                            gi_sent = True
                if unacked >= 8 or (unacked and now() - last_ack > 2):
                    s.sendall(bytes([0x68, 4, 0x01, 0]) + struct.pack("<H", vr << 1))
                    unacked, last_ack = 0, now()
                if now() > deadline_idle:
                    s.sendall(bytes([0x68, 4, 0x43, 0, 0, 0]))  # TESTFR act
                    deadline_idle = now() + 60
        finally:
            s.close()


# ------------------------------------------------------------------------------------------------------- pusher


class Pusher(threading.Thread):
    """Pushes the harness's meter register, one reading every interval, each with its own source time; logs every
    answer. Acknowledged = 2xx."""

    def __init__(self, hub, path, interval, log):
        super().__init__(daemon=True)
        self.hub, self.interval, self.log = hub, interval, log
        self.f = open(path, "a", buffering=1)
        self.n = 0
        self.acked = 0
        self.failed = 0
        self.last_ack = 0.0
        self.codes = {}
        self.last_t = 0

    def run(self):
        nxt = now()
        while not STOP.is_set():
            self.n += 1
            t_ms = max(int(now() * 1000), self.last_t + 1)
            self.last_t = t_ms
            body = {"readings": [{"address": "e_imp", "time": iso(t_ms / 1000), "value": self.n}]}
            code, answer = self.hub.call("/api/v1/ingest/" + SOURCE, body, timeout=10)
            self.codes[code] = self.codes.get(code, 0) + 1
            published = -1
            if 200 <= code < 300:
                try:
                    published = int(json.loads(answer).get("published", -1))
                except Exception:
                    pass
            if 200 <= code < 300:
                self.acked += 1
                self.last_ack = now()
            else:
                self.failed += 1
            self.f.write("%d %d %d %d %d\n" % (self.n, t_ms, int(now() * 1000), code, published))
            nxt += self.interval
            STOP.wait(max(0.0, nxt - now()))
            if now() - nxt > 5:
                nxt = now()


# ------------------------------------------------------------------------------------------------ garbage peers


class GarbageListener(threading.Thread):
    """Listens on a field device's port (its own device stopped) and answers every connection with random bytes."""

    def __init__(self, port, log):
        super().__init__(daemon=True)
        self.port, self.log = port, log
        self.stop = threading.Event()
        self.accepted = 0
        self.srv = socket.socket()
        self.srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.srv.bind(("127.0.0.1", port))
        self.srv.listen(16)
        self.srv.settimeout(0.5)

    def run(self):
        conns = []
        while not self.stop.is_set() and not STOP.is_set():
            try:
                c, _ = self.srv.accept()
                c.settimeout(0.2)
                conns.append(c)
                self.accepted += 1
            except socket.timeout:
                pass
            except OSError:
                break
            for c in list(conns):
                try:
                    try:
                        c.recv(4096)
                    except socket.timeout:
                        pass
                    c.sendall(os.urandom(random.randint(1, 300)))
                    if random.random() < 0.1:
                        c.close()
                        conns.remove(c)
                except OSError:
                    conns.remove(c)
        for c in conns:
            c.close()
        self.srv.close()


def garbage_to(port, seconds, log):
    """Connections to a northbound port that speak random bytes (and sometimes a valid-looking header first)."""
    end = now() + seconds
    n, refused = 0, 0
    while now() < end and not STOP.is_set():
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=2)
            s.settimeout(0.5)
            head = random.choice([b"", bytes([0x68, 0xFD]), b"HEL\x46", bytes([0x68, 4, 0x07, 0, 0, 0])])
            s.sendall(head + os.urandom(random.randint(1, 2000)))
            try:
                s.recv(4096)
            except (socket.timeout, OSError):
                pass
            s.close()
            n += 1
        except OSError:
            refused += 1
        STOP.wait(0.2)
    return n, refused


MALFORMED = [b"{", b"null", b"[]", b'{"readings": 5}', b'{"readings": [{"address": 5}]}',
             b'{"readings": [{"address": "e_imp", "value": "ten"}]}',
             b'{"readings": [{"address": "e_imp", "time": "yesterday", "value": 1}]}',
             b'{"readings": [{"address": "nope", "value": 1}]}', b"\xff\xfe\x00garbage",
             b'{"readings": [' + b'{"address": "e_imp", "value": 1},' * 2000 + b"{}]}"]


def malformed_ingest(hub, seconds):
    end = now() + seconds
    codes = {}
    while now() < end and not STOP.is_set():
        body = random.choice(MALFORMED + [os.urandom(random.randint(1, 500))])
        code, _ = hub.call("/api/v1/ingest/" + SOURCE, raw=body, timeout=10)
        codes[code] = codes.get(code, 0) + 1
        STOP.wait(0.2)
    return codes


# ---------------------------------------------------------------------------------------------------------- soak


class Soak:
    def __init__(self, args):
        self.args = args
        self.out = args.out
        os.makedirs(self.out, exist_ok=True)
        self.log = Log(os.path.join(self.out, "soak.log"))
        self.hub_pid = None
        self.hub_proc = None
        self.field_cmd = None
        self.field_cwd = None
        self.mount = None
        self.derby = (-1, -1)
        self.faults = open(os.path.join(self.out, "faults.jsonl"), "a", buffering=1)

    # -- setup
    def setup(self):
        a = self.args
        if not os.path.exists(dist_path()):
            sys.exit("soak: %s is missing: run ./gridhub build first" % dist_path())
        self.config, self.ports = relocate_config(self.out, a.base_port)
        json.dump({k: v for k, v in self.ports.items() if k != "field"},
                  open(os.path.join(self.out, "ports.json"), "w"), indent=1)
        self.field_jar = os.path.join(self.out, "gridhub-field.jar")
        shutil.copy(os.path.join(ROOT, "drivers", "sim", "target", "gridhub-field.jar"), self.field_jar)
        runs = os.path.join(self.out, "instances")
        inst = os.path.join(runs, "soak")
        os.makedirs(inst)
        subprocess.run(["tar", "xzf", dist_path(), "-C", inst, "--strip-components=1"], check=True, timeout=300)
        open(os.path.join(inst, ".unpacked"), "w").close()
        self.inst = inst
        self.store_dir = os.path.join(inst, "data", "gridhub")
        os.makedirs(self.store_dir)
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%dm" % a.store_mb, "gridhub-soak", self.store_dir],
                       check=True, timeout=30)
        self.mount = self.store_dir
        self.log("soak: store filesystem tmpfs %d MB on %s" % (a.store_mb, self.store_dir))
        self.hub = Hub(self.ports["http"])

    def start_hub(self, devices_wait=180):
        env = dict(os.environ, GRIDHUB_RUN_DIR=os.path.join(self.out, "instances"), GRIDHUB_BUILD="never",
                   GRIDHUB_HTTPS_PORT=str(self.ports["https"]))
        self.hub_log = open(os.path.join(self.out, "hub.log"), "a")
        self.hub_proc = subprocess.Popen(
            [os.path.join(ROOT, "gridhub"), "demo", "--config", self.config, "--port", str(self.ports["http"]),
             "--speed", str(SPEED)], cwd=ROOT, env=env, stdout=self.hub_log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True)
        self.hub_pid = self.hub_proc.pid
        self.log("soak: hub pid", self.hub_pid, "http", self.ports["http"])
        t0 = now()
        ready = self.wait(lambda: self.hub.health()[0] == 200, 300)
        self.log("soak: health ready after %.0f s" % (now() - t0) if ready else "soak: NOT ready after 300 s")
        online = self.wait(self.all_online, devices_wait)
        self.log("soak: all devices online after %.0f s" % (now() - t0) if online else "soak: devices NOT online")
        fp = self.wait(lambda: field_pid(self.hub_pid), 30)
        if fp:
            self.field_cmd = [c.decode() for c in open("/proc/%d/cmdline" % fp, "rb").read().split(b"\0") if c]
            self.field_cwd = os.readlink("/proc/%d/cwd" % fp)
            self.field_cmd = [self.field_jar if c.endswith("gridhub-field.jar") else c for c in self.field_cmd]
        self.log("soak: field pid", fp)
        return ready

    def all_online(self):
        d = self.hub.devices()
        return bool(d) and all(x.get("state") == "ONLINE" for x in d)

    @staticmethod
    def wait(cond, seconds, step=1.0):
        end = now() + seconds
        while now() < end and not STOP.is_set():
            try:
                v = cond()
                if v:
                    return v
            except Exception:
                pass
            time.sleep(step)
        return None

    # -- monitoring
    def monitor(self):
        path = os.path.join(self.out, "metrics.csv")
        new = not os.path.exists(path)
        f = open(path, "a", buffering=1)
        if new:
            f.write("wall,elapsed_s,rss_kb,threads,fds,derby_connections,health_code,health_status,"
                    "samples_published,devices_online,devices_total,device_reads,field_alive,field_rss_kb,"
                    "store_used_kb,store_size_kb,pushed,acked,push_failed,nb104_frames,nb104_connects,hub_cpu_ticks,"
                    "field_cpu_ticks,load1,derby_connection_objects\n")
        t0 = self.t0
        last_derby = 0.0
        nxt = now()
        while not STOP.is_set():
            if now() - last_derby >= self.args.derby_every:
                self.derby = derby_connections(self.hub_pid)
                last_derby = now()
            st = proc_status(self.hub_pid) or {}
            rss = int(st.get("VmRSS", "0 kB").split()[0]) if st else -1
            thr = int(st.get("Threads", "-1"))
            code, h = self.hub.health()
            d = self.hub.devices() or []
            online = sum(1 for x in d if x.get("state") == "ONLINE")
            reads = sum(int(x.get("reads", 0) or 0) for x in d)
            fp = field_pid(self.hub_pid)
            fst = proc_status(fp) if fp else None
            frss = int(fst.get("VmRSS", "0 kB").split()[0]) if fst else 0
            try:
                sv = os.statvfs(self.store_dir)
                size = sv.f_blocks * sv.f_frsize // 1024
                used = (sv.f_blocks - sv.f_bfree) * sv.f_frsize // 1024
            except OSError:
                size = used = -1
            f.write(",".join(str(x) for x in [
                iso(now()), int(now() - t0), rss, thr, fd_count(self.hub_pid), self.derby[0], code,
                h.get("status", ""), h.get("samplesPublished", ""), online, len(d), reads, int(bool(fp)), frss, used,
                size, self.pusher.n, self.pusher.acked, self.pusher.failed, self.nb104.frames,
                self.nb104.connects, cpu_ticks(self.hub_pid), cpu_ticks(fp) if fp else 0,
                open("/proc/loadavg").read().split()[0], self.derby[1]]) + "\n")
            nxt += self.args.every
            STOP.wait(max(0.0, nxt - now()))

    # -- faults
    def record(self, kind, start, end, detail):
        """Waits (at most 300 s) until the hub is healthy, every device ONLINE, a push acknowledged and a
        northbound I-frame received after the fault's end; records each time."""
        rec = {"health": None, "devices": None, "push": None, "nb104": None}
        limit = end + self.args.recovery_limit
        while now() < limit and not STOP.is_set() and None in rec.values():
            t = now()
            if rec["health"] is None and self.hub.health()[0] == 200:
                rec["health"] = t - end
            if rec["devices"] is None and self.all_online():
                rec["devices"] = t - end
            if rec["push"] is None and self.pusher.last_ack > end:
                rec["push"] = max(0.0, self.pusher.last_ack - end)
            if rec["nb104"] is None and self.nb104.last_frame > end:
                rec["nb104"] = max(0.0, self.nb104.last_frame - end)
            time.sleep(1)
        done = [v for v in rec.values() if v is not None]
        line = {"fault": kind, "start": iso(start), "end": iso(end), "duration_s": round(end - start, 1),
                "recovery_s": {k: (round(v, 1) if v is not None else None) for k, v in rec.items()},
                "recovered": None not in rec.values(),
                "recovery_all_s": round(max(done), 1) if done and None not in rec.values() else None,
                "detail": detail}
        self.faults.write(json.dumps(line) + "\n")
        self.log("fault:", json.dumps(line))

    def restart_field(self):
        if not self.field_cmd:
            self.log("soak: no field command line known, field not restarted")
            return None
        flog = open(os.path.join(self.inst, "data", "log", "field.log"), "a")
        p = subprocess.Popen(self.field_cmd, cwd=self.field_cwd, stdout=flog, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, start_new_session=True)
        threading.Thread(target=p.wait, daemon=True).start()  # reaps it when it ends
        return p.pid

    def kill_field(self):
        fp = field_pid(self.hub_pid)
        if fp:
            os.kill(fp, signal.SIGKILL)
            # Gone, or a zombie: only then are its sockets closed (an exiting process loses its memory, and with it
            # its command line, before its files).
            self.wait(lambda: (proc_status(fp) or {}).get("State", "Z").startswith("Z"), 15, 0.2)
        return fp

    def f_kill(self):
        start = now()
        fp = self.kill_field()
        STOP.wait(self.args.down)
        np = self.restart_field()
        end = now()
        self.record("field kill -9 + restart", start, end, {"killed": fp, "restarted": np, "down_s": self.args.down})

    def f_stall(self):
        fp = field_pid(self.hub_pid)
        start = now()
        if fp:
            os.kill(fp, signal.SIGSTOP)
        STOP.wait(self.args.stall)
        if fp:
            os.kill(fp, signal.SIGCONT)
        end = now()
        self.record("field stalled (SIGSTOP/SIGCONT)", start, end, {"pid": fp, "stalled_s": self.args.stall})

    def f_nb_stall(self):
        """The northbound master stops reading for a while: the outstation's send window fills and its t1 fires."""
        start = now()
        self.nb104.pause.set()
        STOP.wait(self.args.stall)
        self.nb104.pause.clear()
        end = now()
        self.record("northbound IEC 104 master stalled", start, end, {"stalled_s": self.args.stall})

    def f_field_garbage(self):
        start = now()
        fp = self.kill_field()
        names = ["io.gridhub.driver.modbus.device-meters-1.cfg", "io.gridhub.driver.iec104.device-rtu.cfg",
                 "io.gridhub.driver.iec61850.device-pv-plant.cfg"]
        ports = [self.ports["files"][n] for n in names if n in self.ports["files"]]
        ports.append(self.ports["map"].get("4850"))
        listeners = []
        for p in ports:
            if p is None:
                continue
            g = self.wait(lambda: GarbageListener(p, self.log), 15, 0.5)
            if g:
                g.start()
                listeners.append(g)
            else:
                self.log("soak: no garbage listener on", p)
        STOP.wait(self.args.garbage)
        for g in listeners:
            g.stop.set()
        for g in listeners:
            g.join(10)
        np = self.restart_field()
        end = now()
        self.record("field ports speak garbage (field killed, listeners on its ports)", start, end,
                    {"ports": ports, "connections": sum(g.accepted for g in listeners), "restarted": np})

    def f_nb_garbage(self):
        start = now()
        res = {}

        def run(name, fn):
            res[name] = fn()

        ts = [threading.Thread(target=run, args=("nb104", lambda: garbage_to(self.ports["nb104"], 60, self.log))),
              threading.Thread(target=run, args=("opcua", lambda: garbage_to(self.ports["nbopcua"], 60, self.log))),
              threading.Thread(target=run, args=("ingest", lambda: malformed_ingest(self.hub, 60)))]
        for t in ts:
            t.start()
        for t in ts:
            t.join(120)
        end = now()
        self.record("garbage to northbound IEC 104, OPC UA and malformed REST ingest", start, end,
                    {"iec104_connections": res.get("nb104"), "opcua_connections": res.get("opcua"),
                     "ingest_codes": {str(k): v for k, v in (res.get("ingest") or {}).items()}})

    def f_disk_full(self):
        start = now()
        filler = os.path.join(self.store_dir, "soak-filler")
        written = 0
        sv = os.statvfs(self.store_dir)
        bound = sv.f_bavail * sv.f_frsize // (1 << 20) + 64  # MB: the free space and a margin, then ENOSPC
        try:
            with open(filler, "wb") as f:
                block = b"\0" * (1 << 20)
                while written < bound and not STOP.is_set():
                    f.write(block)
                    f.flush()
                    written += 1
        except OSError as e:
            self.log("soak: filler stopped at %d MB: %s" % (written, e))
        full_at = now()
        sv = os.statvfs(self.store_dir)
        free_kb = sv.f_bavail * sv.f_frsize // 1024
        STOP.wait(self.args.hold)
        codes_during = dict(self.pusher.codes)
        os.remove(filler)
        end = now()
        self.record("store filesystem full, then space back", start, end,
                    {"filler_mb": written, "free_kb_when_full": free_kb, "full_s": round(end - full_at, 1),
                     "push_codes_so_far": {str(k): v for k, v in codes_during.items()}})

    def schedule(self):
        plan = [(0, self.f_kill), (240, self.f_stall), (420, self.f_nb_stall), (600, self.f_field_garbage),
                (780, self.f_nb_garbage)]
        if not self.args.disk_full_at_end:
            plan.append((900, self.f_disk_full))
        cycle = self.args.cycle
        scale = cycle / 1200.0
        end = self.t0 + self.args.duration
        # With --disk-full-at-end the store's filesystem fills once, as the run's last fault: a store that does not
        # come back leaves the other faults measured on a live store (the check after a restart says what survived).
        final = end - self.args.hold - self.args.recovery_limit - 30 if self.args.disk_full_at_end else end
        k = 0
        first = self.t0 + self.args.warmup
        while not STOP.is_set():
            stop = False
            for off, fn in plan:
                at = first + k * cycle + off * scale
                if at + self.args.recovery_limit > final:
                    stop = True
                    break
                STOP.wait(max(0.0, at - now()))
                if STOP.is_set():
                    return
                self.fault(fn)
            if stop:
                break
            k += 1
        if self.args.disk_full_at_end and not STOP.is_set():
            STOP.wait(max(0.0, final - now()))
            if not STOP.is_set():
                self.fault(self.f_disk_full)

    def fault(self, fn):
        try:
            fn()
        except Exception as e:
            self.log("soak: fault", fn.__name__, "failed:", repr(e))

    # -- end
    def verify(self):
        """Every acknowledged reading must be in the store: the samples of POINT over the run, paged."""
        acked = {}
        not_published = 0
        for line in open(os.path.join(self.out, "pushes.log")):
            n, t_ms, _, code, published = (int(x) for x in line.split())
            if 200 <= code < 300:
                acked[t_ms] = n
                if published != 1:
                    not_published += 1
        if not acked:
            return {"acked": 0}
        lo = min(acked) / 1000 - 1
        hi = max(acked) / 1000 + 1
        found = {}
        path = "/api/v1/points/%s/samples?from=%s&to=%s&limit=100000" % (POINT, iso(lo), iso(hi))
        pages = 0
        while path and pages < 200:
            code, body = self.hub.call(path, timeout=120)
            pages += 1
            if code != 200:
                return {"acked": len(acked), "error": "HTTP %d %s" % (code, body[:300].decode("utf-8", "replace"))}
            d = json.loads(body)
            for s in d.get("samples", []):
                t = s.get("sourceTime") or s.get("time")
                t_ms = int(round(datetime.fromisoformat(t.replace("Z", "+00:00")).timestamp() * 1000))
                found[t_ms] = s.get("value")
            path = d.get("next")
        lost = sorted(t for t in acked if t not in found)
        wrong = sorted(t for t in acked if t in found and found[t] != acked[t])
        pusher = getattr(self, "pusher", None)
        return {"pushed": pusher.n if pusher else None, "acked": len(acked), "acked_not_published": not_published,
                "found": len(found), "lost": len(lost),
                "wrong_value": len(wrong), "lost_first": [iso(t / 1000) for t in lost[:20]],
                "codes": {str(k): v for k, v in pusher.codes.items()} if pusher else None}

    def restart_check(self):
        """The hub stopped and started again on the same store: every acknowledged reading must be there too
        (verify-after-restart.json), the way an operator brings back a hub whose store failed."""
        self.stop_hub()
        # Never re-unpacked over the store's mount (a newer distribution would be): the build the run ran.
        os.utime(os.path.join(self.inst, ".unpacked"))
        STOP.clear()
        t = now()
        ready = self.start_hub(devices_wait=0)
        v = self.verify() if ready else {"error": "the hub was not ready within 300 s of its restart"}
        v["restart_ready_s"] = round(now() - t, 1) if ready else None
        v["end"] = iso(now())
        json.dump(v, open(os.path.join(self.out, "verify-after-restart.json"), "w"), indent=1)
        self.log("soak: verify after a restart", json.dumps(v))

    def after(self, store):
        """--after: the check after a restart for a run that has ended, its store kept (--keep-store, or a bind
        mount of it made while it ran: --store)."""
        self.config = os.path.join(self.out, "soak")
        self.ports = json.load(open(os.path.join(self.out, "ports.json")))
        self.inst = os.path.join(self.out, "instances", "soak")
        self.store_dir = os.path.join(self.inst, "data", "gridhub")
        self.field_jar = os.path.join(self.out, "gridhub-field.jar")
        self.hub = Hub(self.ports["http"])
        try:
            if store and not os.path.ismount(self.store_dir):
                subprocess.run(["mount", "--bind", store, self.store_dir], check=True, timeout=30)
            self.mount = self.store_dir if os.path.ismount(self.store_dir) else None
            self.restart_check()
        finally:
            STOP.set()
            self.stop_hub()
            self.unmount()
            if store and os.path.ismount(store):
                subprocess.run(["umount", store], timeout=30)
            self.log("soak: after-check done")
        return 0

    def stop_hub(self):
        if self.hub_pid is None:
            return
        fp = field_pid(self.hub_pid)
        try:
            os.kill(self.hub_pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.hub_proc.wait(120)
        except subprocess.TimeoutExpired:
            os.kill(self.hub_pid, signal.SIGKILL)
            self.hub_proc.wait(30)
        if fp and os.path.exists("/proc/%d" % fp):
            time.sleep(5)
            try:
                os.kill(fp, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.hub_pid = None

    def unmount(self):
        if not self.mount:
            return
        for _ in range(10):
            if subprocess.run(["umount", self.mount], timeout=30).returncode == 0:
                self.mount = None
                return
            time.sleep(2)
        subprocess.run(["umount", "-l", self.mount], timeout=30)
        self.mount = None

    def run(self):
        a = self.args
        try:
            self.setup()
            self.t0 = now()
            if not self.start_hub():
                self.log("soak: the hub never became ready; see hub.log")
                return 1
            self.t0 = now()
            json.dump({"start": iso(self.t0), "duration_s": a.duration, "speed": SPEED, "rate": RATE,
                       "hub_pid": self.hub_pid, "ports": {k: v for k, v in self.ports.items() if k not in ("field",)},
                       "args": vars(a), "commit": subprocess.run(["git", "-C", ROOT, "rev-parse", "HEAD"],
                                                                 capture_output=True, text=True).stdout.strip()},
                      open(os.path.join(self.out, "run.json"), "w"), indent=1)
            self.pusher = Pusher(self.hub, os.path.join(self.out, "pushes.log"), a.push_interval, self.log)
            self.nb104 = Iec104Master(self.ports["nb104"], self.log)
            self.pusher.start()
            self.nb104.start()
            threading.Thread(target=self.monitor, daemon=True).start()
            sched = threading.Thread(target=self.schedule, daemon=True)
            sched.start()
            end = self.t0 + a.duration
            while now() < end and not STOP.is_set():
                STOP.wait(min(10, end - now()))
            self.log("soak: duration reached, waiting for the last fault to end")
            sched.join(600)
            STOP.set()
            self.pusher.join(30)
            time.sleep(5)
            STOP.clear()
            self.wait(lambda: self.hub.health()[0] == 200, 120)
            v = self.verify()
            v["end"] = iso(now())
            json.dump(v, open(os.path.join(self.out, "verify.json"), "w"), indent=1)
            self.log("soak: verify", json.dumps(v))
            self.restart_check()
            return 0
        finally:
            STOP.set()
            self.stop_hub()
            if self.args.keep_store:
                self.log("soak: the store stays mounted on", self.mount)
            else:
                self.unmount()
            self.log("soak: done")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--duration", type=int, default=7200, help="seconds of soak after the hub is ready (7200)")
    p.add_argument("--out", default="/var/tmp/gridhub-soak/" + datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ"))
    p.add_argument("--base-port", type=int, default=28100, help="HTTP port; HTTPS +1, ssh +2, devices +10.. (28100)")
    p.add_argument("--store-mb", type=int, default=2048,
                   help="size of the store's tmpfs (2048: the store grows ~8 MB a minute at 12x)")
    p.add_argument("--every", type=float, default=10, help="seconds between metric rows (10)")
    p.add_argument("--derby-every", type=float, default=30, help="seconds between Derby connection counts (30)")
    p.add_argument("--push-interval", type=float, default=0.2, help="seconds between pushed readings (0.2)")
    p.add_argument("--warmup", type=float, default=180, help="seconds before the first fault (180)")
    p.add_argument("--cycle", type=float, default=1200, help="seconds of one round of the six faults (1200)")
    p.add_argument("--down", type=float, default=20, help="seconds the killed field stays down (20)")
    p.add_argument("--stall", type=float, default=60, help="seconds of a SIGSTOP stall (60)")
    p.add_argument("--garbage", type=float, default=90, help="seconds garbage listeners hold field ports (90)")
    p.add_argument("--hold", type=float, default=120, help="seconds the store's filesystem stays full (120)")
    p.add_argument("--recovery-limit", type=float, default=300, help="seconds a recovery is waited for (300)")
    p.add_argument("--disk-full-at-end", action=argparse.BooleanOptionalAction, default=True,
                   help="fill the store's filesystem once, as the last fault, instead of in every round (on)")
    p.add_argument("--keep-store", action="store_true", help="leave the store's tmpfs mounted at the end")
    p.add_argument("--after", metavar="DIR", help="only the check after a restart, for the ended run in DIR")
    p.add_argument("--store", help="with --after: the kept store to mount into DIR's instance (a bind mount)")
    a = p.parse_args()
    if os.geteuid() != 0:
        sys.exit("soak: needs root (it mounts a tmpfs for the store)")
    if a.after:
        a.out = a.after
        sys.exit(Soak(a).after(a.store))
    if os.path.exists(a.out) and os.listdir(a.out):
        sys.exit("soak: %s is not empty" % a.out)
    soak = Soak(a)

    def stop(signum, frame):
        STOP.set()
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        sys.exit(soak.run())
    except KeyboardInterrupt:
        soak.log("soak: stopped by a signal")
        sys.exit(130)


if __name__ == "__main__":
    main()
