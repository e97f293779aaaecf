#!/usr/bin/env python3
"""An IEC 60870-5-104 outstation written for gridhub's interop test from IEC 60870-5-101/-104 alone, with the Python
standard library (APCI, ASDU coding, CP56Time2a): a second independent peer beside NeoSCADA's, in another language.

Station interrogation (COT 20): 1001 M_SP_NA_1 on, 1002 M_DP_TB_1 on (DPI 2) with CP56 2024-03-01T12:34:56.789Z,
1003 M_ME_NA_1 normalized 0.5, 1004 M_ME_NB_1 scaled -1234, 1005 M_ME_NC_1 short float 230.5, 1006 M_ME_NC_1
invalid (IV). Counter interrogation (COT 37): 2001 M_IT_NA_1 123456. Spontaneous (COT 3): 1005 rises by 1.0 every
--period ms. Commands (C_SC, C_DC, C_SE_NA/NB/NC): ACT_CON; ACT_TERM after an execute only for IOAs 6000..6999 (the
others are, like many real outstations' direct commands, never terminated); IOA 9999 is refused (negative ACT_CON).

Usage: iec104_outstation.py PORT SECONDS [--period MS] [--ca N]. Listens on 127.0.0.1 only, prints "listening PORT",
one line per command ("command C_SC_NA_1 ioa=6001 value=1 select=false term=true"), and exits after SECONDS.
"""
import socket
import struct
import sys
import threading
import time

C_SC, C_DC, C_SE_NA, C_SE_NB, C_SE_NC = 45, 46, 48, 49, 50
C_IC, C_CI, C_CS = 100, 101, 103
ACT, ACT_CON, DEACT, DEACT_CON, ACT_TERM, SPONT, INROGEN, REQCOGEN, UNKNOWN_TYPE = 6, 7, 8, 9, 10, 3, 20, 37, 44
NAMES = {C_SC: "C_SC_NA_1", C_DC: "C_DC_NA_1", C_SE_NA: "C_SE_NA_1", C_SE_NB: "C_SE_NB_1", C_SE_NC: "C_SE_NC_1"}
# Information element length of each command (the part after the IOA).
COMMAND_LENGTH = {C_SC: 1, C_DC: 1, C_SE_NA: 3, C_SE_NB: 3, C_SE_NC: 5}


def cp56(year, month, day, hour, minute, millis):
    weekday = 5  # 2024-03-01 was a Friday
    return struct.pack("<H", millis) + bytes([minute, hour, day | (weekday << 5), month, year % 100])


TAG = cp56(2024, 3, 1, 12, 34, 56789)


class Station:
    def __init__(self, sock, ca, log):
        self.sock, self.ca, self.log = sock, ca, log
        self.vs = self.vr = 0
        self.started = False
        self.lock = threading.Lock()

    def recv_exact(self, n):
        b = b""
        while len(b) < n:
            chunk = self.sock.recv(n - len(b))
            if not chunk:
                raise EOFError
            b += chunk
        return b

    def send_u(self, code):
        with self.lock:
            self.sock.sendall(bytes([0x68, 4, code, 0, 0, 0]))

    def send_asdu(self, type_id, cot, objects, negative=False, sq=False):
        """objects: [(ioa, element bytes)]; one ASDU, VSQ = number of objects."""
        body = b"".join(struct.pack("<I", ioa)[:3] + element for ioa, element in objects)
        asdu = bytes([type_id, len(objects) | (0x80 if sq else 0), cot | (0x40 if negative else 0), 0]) \
            + struct.pack("<H", self.ca) + body
        with self.lock:
            control = struct.pack("<HH", (self.vs << 1) & 0xFFFF, (self.vr << 1) & 0xFFFF)
            self.vs = (self.vs + 1) % 32768
            self.sock.sendall(bytes([0x68, len(asdu) + 4]) + control + asdu)

    def serve(self, period):
        while True:
            head = self.recv_exact(2)
            if head[0] != 0x68:
                raise ValueError("not an APCI")
            apdu = self.recv_exact(head[1])
            c1 = apdu[0]
            if c1 & 0x01 == 0:  # I-frame
                with self.lock:
                    self.vr = (self.vr + 1) % 32768
                    # Acknowledge at once (S-frame): the controlling station's t1 never runs out on us.
                    self.sock.sendall(bytes([0x68, 4, 0x01, 0]) + struct.pack("<H", (self.vr << 1) & 0xFFFF))
                self.asdu(apdu[4:])
            elif c1 & 0x03 == 0x03:  # U-frame
                if c1 & 0x04:
                    self.started = True
                    self.send_u(0x0B)
                elif c1 & 0x10:
                    self.started = False
                    self.send_u(0x23)
                elif c1 & 0x40:
                    self.send_u(0x83)

    def asdu(self, a):
        type_id, cot, ca = a[0], a[2] & 0x3F, struct.unpack("<H", a[4:6])[0]
        ioa = int.from_bytes(a[6:9], "little")
        element = a[9:]

        def mirror(new_cot, negative=False):
            self.send_asdu(type_id, new_cot, [(ioa, element)], negative)

        if ca != self.ca:
            return
        if type_id == C_IC:
            mirror(ACT_CON)
            self.interrogation()
            mirror(ACT_TERM)
        elif type_id == C_CI:
            mirror(ACT_CON)
            self.send_asdu(15, REQCOGEN, [(2001, struct.pack("<iB", 123456, 0))])
            mirror(ACT_TERM)
        elif type_id == C_CS:
            mirror(ACT_CON)
        elif type_id in NAMES and cot in (ACT, DEACT) and len(element) == COMMAND_LENGTH[type_id]:
            select = bool(element[-1] & 0x80)
            terminate = 6000 <= ioa < 7000 and not select and cot == ACT
            self.log("command %s ioa=%d value=%s select=%s term=%s%s" % (
                NAMES[type_id], ioa, self.value(type_id, element), str(select).lower(), str(terminate).lower(),
                " deactivate" if cot == DEACT else ""))
            if cot == DEACT:
                mirror(DEACT_CON)
                return
            mirror(ACT_CON, negative=ioa == 9999)
            if terminate and ioa != 9999:
                mirror(ACT_TERM)
        else:
            mirror(UNKNOWN_TYPE, negative=True)

    @staticmethod
    def value(type_id, e):
        if type_id == C_SC:
            return e[0] & 0x01
        if type_id == C_DC:
            return e[0] & 0x03
        if type_id in (C_SE_NA, C_SE_NB):
            v = struct.unpack("<h", e[0:2])[0]
            return v / 32768.0 if type_id == C_SE_NA else v
        return struct.unpack("<f", e[0:4])[0]

    def interrogation(self):
        self.send_asdu(1, INROGEN, [(1001, b"\x01")])
        self.send_asdu(31, INROGEN, [(1002, b"\x02" + TAG)])
        self.send_asdu(9, INROGEN, [(1003, struct.pack("<hB", 16384, 0))])
        self.send_asdu(11, INROGEN, [(1004, struct.pack("<hB", -1234, 0))])
        self.send_asdu(13, INROGEN, [(1005, struct.pack("<fB", 230.5, 0)), (1006, struct.pack("<fB", 1.0, 0x80))])


def main():
    port, seconds = int(sys.argv[1]), float(sys.argv[2])
    period = float(sys.argv[sys.argv.index("--period") + 1]) / 1000 if "--period" in sys.argv else 0.5
    ca = int(sys.argv[sys.argv.index("--ca") + 1]) if "--ca" in sys.argv else 1
    stations = []
    out = threading.Lock()

    def log(line):
        with out:
            print(line, flush=True)

    def handle(sock):
        station = Station(sock, ca, log)
        stations.append(station)
        try:
            station.serve(period)
        except (EOFError, OSError, ValueError, IndexError, struct.error) as e:
            log("link closed: %s" % e.__class__.__name__)
        finally:
            stations.remove(station)
            sock.close()

    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen(4)
    server.settimeout(0.05)
    log("listening %d" % port)
    end = time.time() + seconds
    next_change = time.time() + period
    value = 230.5
    while time.time() < end:
        try:
            sock, _ = server.accept()
            threading.Thread(target=handle, args=(sock,), daemon=True).start()
        except socket.timeout:
            pass
        if time.time() >= next_change:
            next_change += period
            value += 1.0
            for station in list(stations):
                if station.started:
                    try:
                        station.send_asdu(13, SPONT, [(1005, struct.pack("<fB", value, 0))])
                    except OSError:
                        pass
    server.close()


if __name__ == "__main__":
    main()
