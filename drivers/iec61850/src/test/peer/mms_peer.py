#!/usr/bin/env python3
"""An IEC 61850 server (MMS over ISO on TCP) written for gridhub's interop test from the standards alone, with the
Python standard library: RFC 1006 / ISO 8073 class 0, ISO 8327 session (CN/AC, GT+DT), ISO 8823 presentation
(CP/CPA, fully encoded data), ISO 8650 ACSE (AARQ/AARE), ISO 9506 MMS (initiate, read, write, information report,
conclude) and the IEC 61850-8-1 mapping of data objects and an unbuffered report control block.

It serves the model of peer.icd beside it (the client loads that file, so there are no directory services):
  peerLD0/MMXU1.TotW[MX]    mag.f rises by 1.0 every --period ms (from 1000.0): data-change reports
  peerLD0/GGIO1.SPCSO1[ST]  stVal follows each Oper of SPCSO1[CO] (direct control)
  peerLD0/GGIO1.SPCSO2      sbo-with-normal-security: reading SBO selects it, an Oper without a selection is denied
  peerLD0/LLN0.urcbPeer     unbuffered report control block of data set dsPeer (both), with GI

Usage: mms_peer.py PORT SECONDS [--period MS]. Listens on 127.0.0.1 only, prints "listening PORT" when ready and one
line per control step ("select SPCSO2", "oper SPCSO1 ctlVal=true ctlNum=N orCat=N", "refused SPCSO2"), and exits
after SECONDS.
"""
import socket
import struct
import sys
import threading
import time

HOST = "127.0.0.1"
DOMAIN = "peerLD0"
RCB = "LLN0$RP$urcbPeer"


# --- BER (ISO 8825-1): tags below 31, definite lengths ---------------------------------------------------------------
def tlv(tag, value):
    n = len(value)
    if n < 0x80:
        head = bytes([n])
    else:
        b = n.to_bytes((n.bit_length() + 7) // 8, "big")
        head = bytes([0x80 | len(b)]) + b
    return bytes([tag]) + head + value


def parse(data):
    """[(tag, value bytes)] of the TLVs in data."""
    out, i = [], 0
    while i < len(data):
        tag = data[i]
        n = data[i + 1]
        i += 2
        if n & 0x80:
            k = n & 0x7F
            n = int.from_bytes(data[i:i + k], "big")
            i += k
        out.append((tag, data[i:i + n]))
        i += n
    return out


def child(data, tag):
    for t, v in parse(data):
        if t == tag:
            return v
    return None


def unsigned(n):
    return n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big")


# --- MMS Data (ISO 9506-2 Data, IEC 61850-8-1 types) -----------------------------------------------------------------
def d_struct(*items):
    return tlv(0xA2, b"".join(items))


def d_bool(v):
    return tlv(0x83, b"\xff" if v else b"\x00")


def d_bits(bits):
    """A bit string from '0'/'1' characters, first bit first."""
    padded = bits + "0" * (-len(bits) % 8)
    body = int(padded, 2).to_bytes(len(padded) // 8, "big") if padded else b""
    return tlv(0x84, bytes([len(padded) - len(bits)]) + body)


def d_unsigned(n):
    return tlv(0x86, unsigned(n))


def d_float(f):
    return tlv(0x87, b"\x08" + struct.pack(">f", f))


def d_vstring(s):
    return tlv(0x8A, s.encode("ascii"))


def d_octets(b):
    return tlv(0x89, b)


def d_utc(t):
    secs = int(t)
    frac = int((t - secs) * (1 << 24))
    return tlv(0x91, struct.pack(">I", secs) + frac.to_bytes(3, "big") + b"\x0a")


GOOD = "0" * 13


class Model:
    def __init__(self):
        self.lock = threading.Lock()
        self.tot_w = 1000.0
        self.tot_w_t = time.time()
        self.spcso1 = False
        self.spcso1_t = time.time()
        self.rcb = {"RptEna": False, "Resv": False, "GI": False, "SqNum": 0}
        self.selected = False
        self.spcso2 = False

    def tot_w_data(self):
        return d_struct(d_struct(d_float(self.tot_w)), d_bits(GOOD), d_utc(self.tot_w_t))

    def spcso1_data(self):
        return d_struct(d_bool(self.spcso1), d_bits(GOOD), d_utc(self.spcso1_t))

    def rcb_data(self):
        r = self.rcb
        return d_struct(
            d_vstring("peerRpt"), d_bool(r["RptEna"]), d_bool(r["Resv"]), d_vstring(DOMAIN + "/LLN0$dsPeer"),
            d_unsigned(1), d_bits("0101100000"), d_unsigned(0), d_unsigned(r["SqNum"]), d_bits("011001"),
            d_unsigned(0), d_bool(r["GI"]), d_octets(b""))

    def select(self):
        self.selected = True
        return d_vstring(DOMAIN + "/GGIO1.SPCSO2")

    def read(self, item):
        return {"MMXU1$MX$TotW": self.tot_w_data, "GGIO1$ST$SPCSO1": self.spcso1_data, RCB: self.rcb_data,
                "GGIO1$CO$SPCSO2$SBO": self.select}.get(item)


# --- the layers below MMS ----------------------------------------------------------------------------------------------
class Link:
    def __init__(self, sock, model, log):
        self.sock, self.model, self.log = sock, model, log
        self.send_lock = threading.Lock()
        self.pending = []

    def recv_exact(self, n):
        b = b""
        while len(b) < n:
            chunk = self.sock.recv(n - len(b))
            if not chunk:
                raise EOFError
            b += chunk
        return b

    def recv_tpdu(self):
        head = self.recv_exact(4)
        if head[0] != 3:
            raise ValueError("not RFC 1006")
        return self.recv_exact(struct.unpack(">H", head[2:4])[0] - 4)

    def recv_tsdu(self):
        """The user data of one or more DT TPDUs (up to the one with EOT)."""
        data = b""
        while True:
            tpdu = self.recv_tpdu()
            if tpdu[1] != 0xF0:
                raise ValueError("expected a DT TPDU, got 0x%02x" % tpdu[1])
            data += tpdu[3:]
            if tpdu[2] & 0x80:
                return data

    def send_tsdu(self, data):
        with self.send_lock:
            self.sock.sendall(b"\x03\x00" + struct.pack(">H", len(data) + 7) + b"\x02\xf0\x80" + data)

    def send_mms(self, pdu):
        """An MMS PDU in presentation context 3, in a session GT+DT."""
        pdv = tlv(0x30, tlv(0x02, b"\x03") + tlv(0xA0, pdu))
        self.send_tsdu(b"\x01\x00\x01\x00" + tlv(0x61, pdv))

    def connect(self):
        cr = self.recv_tpdu()
        if cr[1] != 0xE0:
            raise ValueError("expected CR")
        src_ref = cr[4:6]
        # CC, class 0, no parameters: the client's own TPDU size stays.
        cc = bytes([6, 0xD0]) + src_ref + b"\x00\x02\x00"
        self.sock.sendall(b"\x03\x00" + struct.pack(">H", len(cc) + 4) + cc)
        cn = self.recv_tsdu()
        if cn[0] != 0x0D:
            raise ValueError("expected a session CONNECT SPDU")
        # MMS initiate response: 65000 octets, 5 outstanding each way, nesting 10, version 1, parameter CBBs
        # str1 str2 vnam valt vlis, and (generously) every service.
        detail = tlv(0x80, b"\x01") + tlv(0x81, b"\x05\xf1\x00") + tlv(0x82, b"\x03" + b"\xff" * 10 + b"\xf8")
        initiate = (tlv(0x80, unsigned(65000)) + tlv(0x81, b"\x05") + tlv(0x82, b"\x05") + tlv(0x83, b"\x0a")
                    + tlv(0xA4, detail))
        external = tlv(0x06, b"\x51\x01") + tlv(0x02, b"\x03") + tlv(0xA0, tlv(0xA9, initiate))
        aare = tlv(0x61,
                   tlv(0xA1, tlv(0x06, b"\x28\xca\x22\x02\x03"))  # application context: MMS 1.0.9506.2.3
                   + tlv(0xA2, tlv(0x02, b"\x00"))  # accepted
                   + tlv(0xA3, tlv(0xA1, tlv(0x02, b"\x00")))  # acse-service-user: null
                   + tlv(0xBE, tlv(0x28, external)))
        ber = tlv(0x81, b"\x51\x01")  # transfer syntax: basic encoding rules 2.1.1
        results = tlv(0x30, tlv(0x80, b"\x00") + ber) + tlv(0x30, tlv(0x80, b"\x00") + ber)
        user_data = tlv(0x61, tlv(0x30, tlv(0x02, b"\x01") + tlv(0xA0, aare)))
        cpa = tlv(0x31, tlv(0xA0, tlv(0x80, b"\x01"))
                  + tlv(0xA2, tlv(0x83, b"\x00\x00\x00\x01") + tlv(0xA5, results) + user_data))
        params = (b"\x05\x06\x13\x01\x00\x16\x01\x02"  # connect/accept item: options 0, version 2
                  + b"\x14\x02\x00\x02"  # session requirements: duplex
                  + b"\x34\x02\x00\x01"  # called session selector 1
                  + bytes([0xC1, len(cpa)]) + cpa)
        self.send_tsdu(bytes([0x0E, len(params)]) + params)

    def serve(self):
        self.connect()
        self.log("associated")
        while True:
            tsdu = self.recv_tsdu()
            if tsdu[0] in (0x19, 0x09):  # abort or finish
                return
            pdv = child(child(tsdu[4:], 0x61), 0x30)
            pdu = child(pdv, 0xA0)
            tag, body = parse(pdu)[0]
            if tag == 0x8B:  # conclude
                self.send_mms(tlv(0x8C, b""))
                return
            if tag == 0xA0:
                self.confirmed(body)

    # --- MMS services ------------------------------------------------------------------------------------------------
    def confirmed(self, body):
        items = parse(body)
        invoke = items[0][1]
        service_tag, service = items[1]
        if service_tag == 0xA4:
            response = tlv(0xA4, self.read(service))
        elif service_tag == 0xA5:
            response = self.write(service)
        else:
            # service not supported: confirmed-ErrorPDU, service-error class "service" (6) / other (0)
            err = tlv(0x80, invoke) + tlv(0xA2, tlv(0xA0, tlv(0x86, b"\x00")))
            self.send_mms(tlv(0xA2, err))
            return
        self.send_mms(tlv(0xA1, tlv(0x02, invoke) + response))
        if service_tag == 0xA5:
            self.after_write()

    @staticmethod
    def names(variables):
        """(domain, item) of each variable of a listOfVariable (its content)."""
        out = []
        for _, var in parse(variables):
            name = child(child(var, 0xA0), 0xA1)
            domain, item = [v.decode("ascii") for _, v in parse(name)]
            out.append((domain, item))
        return out

    def read(self, service):
        results = b""
        with self.model.lock:
            for domain, item in self.names(child(child(service, 0xA1), 0xA0)):
                encode = self.model.read(item) if domain == DOMAIN else None
                results += encode() if encode else tlv(0x80, b"\x0a")  # object-non-existent
                if item == "GGIO1$CO$SPCSO2$SBO":
                    self.log("select SPCSO2")
        return tlv(0xA1, results)

    def write(self, service):
        # Write-Request: listOfVariable [0], then listOfData [0]
        variables, data = parse(service)[0][1], parse(service)[1][1]
        names, values = self.names(variables), parse(data)
        results = b""
        self.pending = []
        with self.model.lock:
            for (domain, item), (tag, value) in zip(names, values):
                ok = domain == DOMAIN and self.write_one(item, tag, value)
                results += tlv(0x81, b"") if ok else tlv(0x80, b"\x03")  # success / object-access-denied
        return tlv(0xA5, results)

    def write_one(self, item, tag, value):
        m = self.model
        if item.startswith(RCB + "$"):
            attr = item[len(RCB) + 1:]
            if attr in ("RptEna", "Resv", "GI") and tag == 0x83:
                m.rcb[attr] = value != b"\x00"
                if attr == "RptEna" and m.rcb[attr]:
                    m.rcb["SqNum"] = 0
                if attr == "GI" and m.rcb[attr]:
                    self.pending.append("gi")
                return True
            return attr in ("IntgPd", "TrgOps", "OptFlds", "BufTm", "EntryID", "DatSet")
        if item in ("GGIO1$CO$SPCSO1$Oper", "GGIO1$CO$SPCSO2$Oper") and tag == 0xA2:
            name = item.split("$")[2]
            if name == "SPCSO2":
                if not m.selected:
                    self.log("refused SPCSO2 (not selected)")
                    return False
                m.selected = False
            fields = parse(value)
            ctl_val = fields[0][1] != b"\x00"
            origin = parse(fields[1][1])
            self.log("oper %s ctlVal=%s ctlNum=%d orCat=%d" % (
                name, "true" if ctl_val else "false", int.from_bytes(fields[2][1], "big"),
                int.from_bytes(origin[0][1], "big", signed=True)))
            if name == "SPCSO1":
                m.spcso1, m.spcso1_t = ctl_val, time.time()
                self.pending.append("SPCSO1")
            else:
                m.spcso2 = ctl_val
            return True
        return False

    def after_write(self):
        for what in self.pending:
            if what == "gi":
                self.report("gi", both=True)
                with self.model.lock:
                    self.model.rcb["GI"] = False
            else:
                self.report("dchg", both=False)
        self.pending = []

    def report(self, reason, both, tot_w_only=False):
        m = self.model
        with m.lock:
            if not m.rcb["RptEna"]:
                return
            seq = m.rcb["SqNum"]
            m.rcb["SqNum"] = (seq + 1) % 256
            include = "11" if both else ("10" if tot_w_only else "01")
            values = (m.tot_w_data() if include[0] == "1" else b"") + (m.spcso1_data() if include[1] == "1" else b"")
        code = d_bits("0000010" if reason == "gi" else "0100000")
        results = (d_vstring("peerRpt") + d_bits("0101100000") + d_unsigned(seq) + d_vstring(DOMAIN + "/LLN0$dsPeer")
                   + d_bits(include) + values + code * include.count("1"))
        report = tlv(0xA0, tlv(0xA1, tlv(0x80, b"RPT")) + tlv(0xA0, results))
        self.send_mms(tlv(0xA3, report))


def main():
    port, seconds = int(sys.argv[1]), float(sys.argv[2])
    period = float(sys.argv[sys.argv.index("--period") + 1]) / 1000 if "--period" in sys.argv else 0.5
    model = Model()
    links = []
    out_lock = threading.Lock()

    def log(line):
        with out_lock:
            print(line, flush=True)

    def handle(sock):
        link = Link(sock, model, log)
        links.append(link)
        try:
            link.serve()
        except (EOFError, OSError, ValueError, IndexError) as e:
            log("link closed: %s" % (e.__class__.__name__))
        finally:
            links.remove(link)
            sock.close()

    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((HOST, port))
    server.listen(4)
    server.settimeout(0.1)
    log("listening %d" % port)
    end = time.time() + seconds
    next_change = time.time() + period
    while time.time() < end:
        try:
            sock, _ = server.accept()
            threading.Thread(target=handle, args=(sock,), daemon=True).start()
        except socket.timeout:
            pass
        if time.time() >= next_change:
            next_change += period
            with model.lock:
                model.tot_w += 1.0
                model.tot_w_t = time.time()
            for link in list(links):
                try:
                    link.report("dchg", both=False, tot_w_only=True)
                except OSError:
                    pass
    server.close()


if __name__ == "__main__":
    main()
