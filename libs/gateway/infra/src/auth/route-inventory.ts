// Every HTTP route the gateway serves, with what it declares (roles or public), read
// from Nest's controllers and checked against what express actually registered. Tests
// build the role matrix from it, so routes added later are covered without edits.
import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { declarationOf } from './auth.guard';
import type { Role } from './roles';

export interface RouteInfo {
  controller: string;
  handler: string;
  method: string;
  /** Express path as served, e.g. `/api/v1/reservations/:id`. */
  path: string;
  roles?: Role[];
  isPublic: boolean;
}

const join = (...parts: string[]) =>
  `/${parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/')}`;

/**
 * `[method, path]` of every route express has (after `init()`), Swagger's included. Routes
 * on every method at once are Nest's not-found handlers for paths outside the prefix.
 */
export function expressRoutes(app: INestApplication): Array<[string, string]> {
  const server = app.getHttpAdapter().getInstance() as {
    router?: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
  };
  return (server.router?.stack ?? []).flatMap((layer) => {
    const methods = Object.keys(layer.route?.methods ?? {});
    if (!layer.route || methods.length > 8 || methods.includes('_all')) return [];
    return methods.map((m) => [m.toUpperCase(), layer.route!.path] as [string, string]);
  });
}

export function listRoutes(app: INestApplication, prefix: string): RouteInfo[] {
  const reflector = app.get(Reflector);
  const served = new Set(expressRoutes(app).map(([m, p]) => `${m} ${p}`));
  const routes: RouteInfo[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!type || !wrapper.instance) continue;
      const classPaths = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, type) ?? '/');
      const prototype = Object.getPrototypeOf(wrapper.instance) as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        const methodPaths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (requestMethod === undefined || methodPaths === undefined) continue;
        const method = RequestMethod[requestMethod];
        const { roles, isPublic } = declarationOf(reflector, [handler, type]);
        for (const classPath of classPaths) {
          for (const methodPath of ([] as string[]).concat(methodPaths)) {
            // Served with the API prefix unless the route is excluded from it (e.g. /join/:token).
            const prefixed = join(prefix, classPath, methodPath);
            const bare = join(classPath, methodPath);
            const path = served.has(`${method} ${prefixed}`) || !served.has(`${method} ${bare}`) ? prefixed : bare;
            routes.push({ controller: type.name, handler: name, method, path, roles, isPublic });
          }
        }
      }
    }
  }
  return routes;
}
