import { SpeakerLab } from './test/speaker/netns-lab';
import { createNode } from './test/speaker/support';
const lab = await SpeakerLab.create({ nodes: 1, extraHosts: [] });
try {
  await createNode(lab.kube, 'node-1');
  const p = lab.startSpeaker('node-1');
  await new Promise((r) => setTimeout(r, 8000));
  console.log(p.output.slice(-20).join('\n'));
} finally { await lab.destroy(); }
