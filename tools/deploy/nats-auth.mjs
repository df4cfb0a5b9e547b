// The users and subject permissions of deploy/nats/auth.conf, read from its text (the
// file's own regular layout: one block per user), so the Helm values and the compose file
// can be held to the same list.

/** [{ user, passwordVariable, publish: [...], subscribe: [...] }] in the file's order. */
export function natsAuthUsers(text) {
  const users = [];
  const blocks = text.matchAll(
    /\{\s*user:\s*(\w+)\s*password:\s*\$(\w+)\s*permissions:\s*\{([\s\S]*?)allow_responses:\s*true\s*\}\s*\}/g,
  );
  const subjects = (list) => [...(list ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  for (const [, user, passwordVariable, permissions] of blocks) {
    const publish = /publish:\s*\{\s*allow:\s*\[([\s\S]*?)\]/.exec(permissions)?.[1];
    const subscribe = /subscribe:\s*\{\s*allow:\s*\[([\s\S]*?)\]/.exec(permissions)?.[1];
    users.push({ user, passwordVariable, publish: subjects(publish), subscribe: subjects(subscribe) });
  }
  return users;
}

/** The same list from the NATS chart's values (config.merge.authorization.users). */
export function natsValuesUsers(values) {
  return (values?.config?.merge?.authorization?.users ?? []).map((u) => ({
    user: u.user,
    passwordVariable: /^<<\s*\$(\w+)\s*>>$/.exec(String(u.password ?? ''))?.[1],
    publish: u.permissions?.publish?.allow ?? [],
    subscribe: u.permissions?.subscribe?.allow ?? [],
    allowResponses: u.permissions?.allow_responses === true,
  }));
}
