// Debian packages the tests and the code-server fallback need. On a fresh machine where we run
// as root with apt-get, they are installed (once); otherwise the exact command is printed.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHECKS = {
  chromium: () => existsSync('/usr/bin/chromium'),
  // code-server's `kerberos` native module compiles against GSSAPI headers.
  'libkrb5-dev': () => spawnSync('sh', ['-c', 'command -v krb5-config'], { stdio: 'ignore' }).status === 0,
};

export function missingPackages(names) {
  return names.filter((n) => CHECKS[n] && !CHECKS[n]());
}

export function ensureDebianPackages(names, why) {
  const missing = missingPackages(names);
  if (!missing.length) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    console.error(`StackLens: ${why} needs the Debian packages: ${missing.join(' ')}\n  run: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
    return false;
  }
  console.log(`StackLens: installing ${missing.join(' ')} (${why}) with apt-get ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env }).status !== 0) return false;
  return spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env }).status === 0;
}
