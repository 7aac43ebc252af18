// Fails fast when an npm script is not running on the Node 24 that the project pins (node@24 devDependency).
const major = Number(process.versions.node.split(".")[0]);
if (major !== 24) {
  console.error(
    `aep-activation-plans: expected Node 24 (the Action runs on node24), got ${process.version}. Run 'npm ci' so node_modules/.bin/node is installed.`,
  );
  process.exit(1);
}
