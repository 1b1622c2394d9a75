import { SpeakerLab } from './test/speaker/netns-lab';
import { createAdvertisement, createLoadBalancer, createNode, createPool, setEndpoints } from './test/speaker/support';
const NODES = ['node-1', 'node-2', 'node-3'];
const VIP = '203.0.113.1';
const lab = await SpeakerLab.create({ nodes: 3, extraHosts: [] });
const log = (...a: unknown[]) => console.log(new Date().toISOString().slice(11, 23), ...a);
try {
  for (const n of NODES) await createNode(lab.kube, n);
  await createPool(lab.kube, 'vips', ['203.0.113.0/28']);
  await createAdvertisement(lab.kube, 'l2', {});
  for (const n of NODES) await lab.topo.addVip(lab.host(n), VIP);
  await createLoadBalancer(lab.kube, 'web', [VIP], { pool: 'vips' });
  await setEndpoints(lab.kube, 'web', NODES);
  for (const n of NODES) lab.startSpeaker(n);
  await lab.waitForMembers(NODES);
  log('members up; announcers', await lab.announcersOf(VIP));
  await lab.topo.ping(lab.topo.client, VIP);
  log('neigh', await lab.topo.neighbor(lab.topo.client, VIP));
  await lab.stopSpeaker('node-2', 'SIGKILL');
  log('killed node-2');
  for (let i = 0; i < 20; i++) { await new Promise((r) => setTimeout(r, 250)); const n = await lab.topo.neighbor(lab.topo.client, VIP); if (n?.mac?.endsWith('0b')) { log('moved', n); break; } }
  lab.startSpeaker('node-2');
  log('restarted');
  await lab.waitForMembers(NODES);
  log('members again; announcers', await lab.announcersOf(VIP));
  for (let i = 0; i < 20; i++) { await new Promise((r) => setTimeout(r, 500)); log('neigh', await lab.topo.neighbor(lab.topo.client, VIP), await lab.announcersOf(VIP)); }
  console.log(lab.logs(40));
} finally { await lab.destroy(); }
