// An independent OCPP 1.6J charge point on ocpp-rpc (strict mode: every call both ways is checked against the OCPP
// 1.6 JSON schemas by the library, not by us). It prints one line per event for the test to wait on.
// usage: node charge-point.js URL_WITHOUT_ID ID SCENARIO [PASSWORD] [CA_PEM]
//   session: boot, Available, Authorize, StartTransaction, Charging, meter values every 300 ms at the limit of the
//            last profile received (else 7400 W), answers every call the central system may make; stops on
//            RemoteStopTransaction or when killed
//   frames:  boot, then malformed and schema-invalid frames; prints each CALLERROR, then a Heartbeat
//   connect: connects and boots, or prints why not
"use strict";
const fs = require("fs");
const { RPCClient } = require("ocpp-rpc");
const [endpoint, identity, scenario, password, caFile] = process.argv.slice(2);
const out = (line) => console.log(line);
setTimeout(() => { out("TIMEOUT"); process.exit(2); }, 120000).unref();

const opts = { endpoint, identity, protocols: ["ocpp1.6"], strictMode: scenario !== "frames", reconnect: false };
if (password) opts.password = password;
if (caFile) opts.wsOpts = { ca: fs.readFileSync(caFile) };
const cli = new RPCClient(opts);

let limitW = 7400;
let tx = null;
let wh = 0;
cli.handle("SetChargingProfile", ({ params }) => {
  const p = params.csChargingProfiles;
  const periods = p.chargingSchedule.chargingSchedulePeriod;
  limitW = periods[0].limit;
  out(`PROFILE ${params.connectorId} ${p.chargingProfilePurpose} ${p.transactionId || 0} ` +
    `${p.chargingSchedule.chargingRateUnit} ${JSON.stringify(periods)}`);
  return { status: "Accepted" };
});
cli.handle("ClearChargingProfile", ({ params }) => { out(`CLEAR ${JSON.stringify(params)}`); return { status: "Accepted" }; });
cli.handle("GetConfiguration", ({ params }) => {
  out(`GETCONFIG ${JSON.stringify(params)}`);
  return { configurationKey: [{ key: "HeartbeatInterval", readonly: false, value: "300" }], unknownKey: [] };
});
cli.handle("ChangeConfiguration", ({ params }) => { out(`CHANGECONFIG ${params.key}=${params.value}`); return { status: "Accepted" }; });
cli.handle("ChangeAvailability", ({ params }) => { out(`AVAILABILITY ${params.connectorId} ${params.type}`); return { status: "Accepted" }; });
cli.handle("RemoteStartTransaction", ({ params }) => { out(`REMOTESTART ${params.idTag}`); return { status: "Accepted" }; });
cli.handle("RemoteStopTransaction", ({ params }) => {
  out(`REMOTESTOP ${params.transactionId}`);
  setTimeout(stop, 50);
  return { status: tx === params.transactionId ? "Accepted" : "Rejected" };
});
cli.handle(({ method }) => { out(`UNEXPECTED ${method}`); throw new Error(`unexpected ${method}`); });

async function stop() {
  if (tx === null) return;
  const t = tx; tx = null;
  await cli.call("StopTransaction", { transactionId: t, meterStop: Math.round(wh), timestamp: new Date().toISOString() });
  await cli.call("StatusNotification", { connectorId: 1, errorCode: "NoError", status: "Available" });
  out(`STOPPED ${t} ${Math.round(wh)}`);
}

async function session() {
  await cli.call("StatusNotification", { connectorId: 1, errorCode: "NoError", status: "Available" });
  const auth = await cli.call("Authorize", { idTag: "PEERTAG01" });
  out(`AUTHORIZE ${auth.idTagInfo.status}`);
  await cli.call("StatusNotification", { connectorId: 1, errorCode: "NoError", status: "Preparing" });
  const start = await cli.call("StartTransaction", { connectorId: 1, idTag: "PEERTAG01", meterStart: 1000,
    timestamp: new Date().toISOString() });
  tx = start.transactionId; wh = 1000;
  out(`TX ${tx} ${start.idTagInfo.status}`);
  await cli.call("StatusNotification", { connectorId: 1, errorCode: "NoError", status: "Charging" });
  let soc = 40;
  for (;;) {
    await new Promise(r => setTimeout(r, 300));
    if (tx === null) continue;
    const w = Math.max(0, Math.min(11000, limitW));
    wh += w * 0.3 / 3600; soc = Math.min(100, soc + 0.1);
    await cli.call("MeterValues", { connectorId: 1, transactionId: tx, meterValue: [{
      timestamp: new Date().toISOString(), sampledValue: [
        { value: (wh / 1000).toFixed(4), measurand: "Energy.Active.Import.Register", unit: "kWh" },
        { value: String(w), measurand: "Power.Active.Import", unit: "W" },
        { value: "230.5", measurand: "Voltage", phase: "L1", unit: "V" },
        { value: soc.toFixed(1), measurand: "SoC", unit: "Percent" }] }] });
    out(`METER ${Math.round(wh)} ${w}`);
  }
}

// Each frame, and the error code a central system must answer it with (OCPP-J 1.6, section 4.2.3).
const FRAMES = [
  ["bad-json", '[2,"bad-json","Heartbeat",{'],
  ["not-array", '{"hello":"world"}'],
  ["no-action", '[2,"no-action",42,{}]'],
  ["unknown", '[2,"unknown","FlyToTheMoon",{}]'],
  ["missing", '[2,"missing","BootNotification",{"chargePointVendor":"V"}]'],
  ["type", '[2,"type","StatusNotification",{"connectorId":"one","errorCode":"NoError","status":"Available"}]'],
  ["enum", '[2,"enum","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Dancing"}]'],
  ["too-long", `[2,"too-long","Authorize",{"idTag":"${"X".repeat(21)}"}]`],
  ["extra", '[2,"extra","Heartbeat",{"surprise":true}]'],
  ["bad-type", '[7,"bad-type",{}]'],
];

async function frames() {
  const answers = new Map();
  cli.on("message", ({ message, outbound }) => {
    if (outbound) return;
    try {
      const m = JSON.parse(message.toString());
      if (Array.isArray(m) && m[0] === 4) answers.set(m[1], m[2]);
    } catch (e) { out(`UNPARSEABLE ${message}`); }
  });
  cli.on("badMessage", () => {});
  for (const [id, frame] of FRAMES) {
    cli.sendRaw(frame);
    const deadline = Date.now() + 5000;
    const key = id === "not-array" ? "-1" : id;
    while (!answers.has(key) && Date.now() < deadline) await new Promise(r => setTimeout(r, 20));
    out(`ERROR ${id} ${answers.get(key) || "none"}`);
    answers.delete(key);
  }
  const hb = await cli.call("Heartbeat", {});
  out(`HEARTBEAT ${hb.currentTime ? "ok" : "bad"}`);
}

(async () => {
  try {
    await cli.connect();
  } catch (e) {
    out(`REFUSED ${e.message || e}`);
    process.exit(0);
  }
  out("CONNECTED");
  cli.on("close", ({ code }) => { out(`CLOSED ${code}`); process.exit(0); });
  const boot = await cli.call("BootNotification", { chargePointVendor: "PeerVendor", chargePointModel: "PeerModel-22" });
  out(`BOOT ${boot.status} ${boot.interval}`);
  if (scenario === "session") await session();
  else if (scenario === "frames") await frames();
})().catch(e => { out(`FAILED ${e.message || e}`); process.exit(1); });
