#!/usr/bin/env node
// Independent OPC UA client (node-opcua) playing an existing SCADA against gridhub's northbound server.
// usage: node scada-client.js <endpointUrl> <folderNodeId> <pointNodeId> <setpointNodeId> <user> <password> [secs=3]
// Prints one line per check: "BROWSE n", "READ value status", "SUBSCRIBE n", "WRITE-ANON status", "WRITE-OPERATOR status".
"use strict";
const { OPCUAClient, MessageSecurityMode, SecurityPolicy, AttributeIds, TimestampsToReturn, DataType,
        UserTokenType, ClientMonitoredItem } = require("node-opcua");

const [url, folder, point, setpoint, user, password] = process.argv.slice(2, 8);
const seconds = parseFloat(process.argv[8] || "3");
setTimeout(() => { console.log("TIMEOUT"); process.exit(3); }, (seconds + 30) * 1000).unref();

async function session(client, identity) {
  return identity ? client.createSession({ type: UserTokenType.UserName, userName: identity[0], password: identity[1] })
                  : client.createSession();
}

(async () => {
  const client = OPCUAClient.create({ applicationName: "scada-test-client", endpointMustExist: false,
    securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None,
    connectionStrategy: { maxRetry: 2, initialDelay: 200, maxDelay: 1000 } });
  await client.connect(url);
  const anon = await session(client, null);
  const br = await anon.browse({ nodeId: folder, browseDirection: 0, referenceTypeId: "HierarchicalReferences",
                                 includeSubtypes: true, nodeClassMask: 0, resultMask: 63 });
  console.log(`BROWSE ${(br.references || []).length} ${(br.references || []).map((r) => r.browseName.name).join(",")}`);
  const dv = await anon.read({ nodeId: point, attributeId: AttributeIds.Value });
  console.log(`READ ${dv.value.value} ${dv.statusCode.name} ${dv.sourceTimestamp && dv.sourceTimestamp.toISOString()}`);
  const sub = await anon.createSubscription2({ requestedPublishingInterval: 100, requestedMaxKeepAliveCount: 20,
    requestedLifetimeCount: 100, maxNotificationsPerPublish: 0, publishingEnabled: true, priority: 1 });
  let n = 0;
  const item = ClientMonitoredItem.create(sub, { nodeId: point, attributeId: AttributeIds.Value },
    { samplingInterval: 100, discardOldest: true, queueSize: 10 }, TimestampsToReturn.Both);
  item.on("changed", () => { n++; });
  await new Promise((r) => setTimeout(r, seconds * 1000));
  console.log(`SUBSCRIBE ${n}`);
  await sub.terminate();
  const wa = await anon.write({ nodeId: setpoint, attributeId: AttributeIds.Value,
    value: { value: { dataType: DataType.Double, value: 1.5 } } });
  console.log(`WRITE-ANON ${wa.name}`);
  await anon.close();
  const op = await session(client, [user, password]);
  const wo = await op.write({ nodeId: setpoint, attributeId: AttributeIds.Value,
    value: { value: { dataType: DataType.Double, value: 42.5 } } });
  console.log(`WRITE-OPERATOR ${wo.name}`);
  await op.close();
  await client.disconnect();
  console.log("DONE");
  process.exit(0);
})().catch((e) => { console.log("FAILED " + e.message); process.exit(1); });
