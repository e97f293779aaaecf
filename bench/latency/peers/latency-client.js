#!/usr/bin/env node
// SCADA-side OPC UA subscriber (node-opcua) for bench/latency: subscribes to ns=2;s=<prefix><i> for i < count,
// and for each value change records now − the value's source timestamp (ms). After the first change it skips
// warmupSec, measures measureSec, prints "RESULT <n> <p50> <p99> <max>" (ms) and exits. Loopback only.
// It asks what a SCADA client asks for the fastest updates: the fastest publishing interval (1 ms, which the server
// revises to its fastest, 10 ms for the hub's server; node-opcua sends 100 ms for a requested 0), sampling interval 0
// (exception-based: every change) and a small queue.
// usage: node latency-client.js <endpointUrl> <prefix> <count> <warmupSec> <measureSec> [publishingMs=1]
"use strict";
const { OPCUAClient, MessageSecurityMode, SecurityPolicy, AttributeIds, TimestampsToReturn,
        ClientMonitoredItemGroup } = require("node-opcua");
const [url, prefix, count, warmup, measure, publishing] = process.argv.slice(2);
const n = parseInt(count, 10);
const warmupMs = parseFloat(warmup) * 1000;
const measureMs = parseFloat(measure) * 1000;
setTimeout(() => { console.error("LATENCY CLIENT TIMEOUT"); process.exit(3); }, warmupMs + measureMs + 90000).unref();

(async () => {
  const client = OPCUAClient.create({ applicationName: "gridhub-latency-client", endpointMustExist: false,
    securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None,
    connectionStrategy: { maxRetry: 3, initialDelay: 200, maxDelay: 1000 } });
  await client.connect(url);
  const session = await client.createSession();
  const sub = await session.createSubscription2({ requestedPublishingInterval: parseFloat(publishing || "1"),
    requestedMaxKeepAliveCount: 100, requestedLifetimeCount: 1000, maxNotificationsPerPublish: 0,
    publishingEnabled: true, priority: 1 });
  const items = [];
  for (let i = 0; i < n; i++) {
    items.push({ nodeId: `ns=2;s=${prefix}${String(i).padStart(4, "0")}`, attributeId: AttributeIds.Value });
  }
  const group = ClientMonitoredItemGroup.create(sub, items,
    { samplingInterval: 0, discardOldest: true, queueSize: 10 }, TimestampsToReturn.Both);
  const latencies = [];
  let first = 0;
  group.on("changed", (item, dv) => {
    const now = Date.now();
    if (!dv.sourceTimestamp || dv.value.value === null) return;
    if (first === 0) first = now;
    if (now - first >= warmupMs && now - first < warmupMs + measureMs) {
      latencies.push(now - dv.sourceTimestamp.getTime());
    }
  });
  await new Promise((resolve, reject) => { group.once("initialized", resolve); group.once("terminated", reject); });
  const sampling = [...new Set(group.monitoredItems.map((m) => m.monitoringParameters.samplingInterval))].join(",");
  console.log(`READY ${n} items, publishing ${sub.publishingInterval} ms, sampling ${sampling} ms`);
  while (first === 0 || Date.now() - first < warmupMs + measureMs) {
    await new Promise((r) => setTimeout(r, 100));
  }
  latencies.sort((a, b) => a - b);
  const pick = (q) => latencies.length === 0 ? -1 : latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  console.log(`RESULT ${latencies.length} ${pick(0.5)} ${pick(0.99)} ${latencies.length ? latencies[latencies.length - 1] : -1}`);
  await group.terminate();
  await sub.terminate();
  await session.close();
  await client.disconnect();
  process.exit(0);
})().catch((e) => { console.error("FAILED", e.message); process.exit(1); });
