import 'reflect-metadata';
import type { DynamicModule, Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';
import { Transport } from '@nestjs/microservices';
import {
  PATTERN_EXTRAS_METADATA,
  PATTERN_HANDLER_METADATA,
  PATTERN_METADATA,
  TRANSPORT_METADATA,
} from '@nestjs/microservices/constants';
import { PatternHandler } from '@nestjs/microservices/enums/pattern-handler.enum';
import { loadFileDescriptorSetFromBuffer } from '@grpc/proto-loader';
import { DESCRIPTOR_SET_BASE64 } from '@parley/contracts';

/** A handler Nest will bind: `@GrpcMethod` (gRPC pattern) or `@EventPattern` (Kafka topic). */
export interface NestBinding {
  controller: string;
  method: string;
  kind: 'grpc' | 'event';
  /** gRPC: `Service/Rpc` (short service name, as `@GrpcMethod` takes it); event: the topic. */
  pattern: string;
  extras: Record<string, unknown>;
}

type ModuleRef = Type | DynamicModule;

function controllersOf(module: ModuleRef, seen = new Set<unknown>()): Type[] {
  if (seen.has(module)) return [];
  seen.add(module);
  const cls = 'module' in module ? module.module : module;
  const meta = <T>(key: string) => (Reflect.getMetadata(key, cls) as T[] | undefined) ?? [];
  const dynamic = 'module' in module ? module : undefined;
  const controllers = [...meta<Type>(MODULE_METADATA.CONTROLLERS), ...(dynamic?.controllers ?? [])];
  const imports = [...meta<ModuleRef>(MODULE_METADATA.IMPORTS), ...((dynamic?.imports ?? []) as ModuleRef[])];
  return [...controllers, ...imports.flatMap((m) => controllersOf(m, seen))];
}

/** Every `@GrpcMethod` / `@EventPattern` handler reachable from `module`, read from Nest's metadata. */
export function nestBindings(module: ModuleRef): NestBinding[] {
  const bindings: NestBinding[] = [];
  for (const controller of controllersOf(module)) {
    const proto = controller.prototype as Record<string, unknown>;
    for (const method of Object.getOwnPropertyNames(proto)) {
      const handler = proto[method];
      if (method === 'constructor' || typeof handler !== 'function') continue;
      const patterns = Reflect.getMetadata(PATTERN_METADATA, handler) as unknown[] | undefined;
      if (!patterns) continue;
      const type = Reflect.getMetadata(PATTERN_HANDLER_METADATA, handler) as PatternHandler;
      const transport = Reflect.getMetadata(TRANSPORT_METADATA, handler) as Transport | undefined;
      const extras = (Reflect.getMetadata(PATTERN_EXTRAS_METADATA, handler) ?? {}) as Record<string, unknown>;
      for (const pattern of patterns) {
        if (type === PatternHandler.EVENT)
          bindings.push({
            controller: controller.name,
            method,
            kind: 'event',
            pattern: String(pattern),
            extras,
          });
        else if (transport === Transport.GRPC) {
          const { service, rpc } = pattern as { service: string; rpc: string };
          bindings.push({
            controller: controller.name,
            method,
            kind: 'grpc',
            pattern: `${service}/${rpc}`,
            extras,
          });
        }
      }
    }
  }
  return bindings;
}

/** Every RPC of the services in proto package `pkg` (e.g. `parley.messaging.v1`), as `Service/Rpc`. */
export function rpcsInPackage(pkg: string): string[] {
  const definition = loadFileDescriptorSetFromBuffer(Buffer.from(DESCRIPTOR_SET_BASE64, 'base64'));
  const rpcs: string[] = [];
  for (const [name, value] of Object.entries(definition)) {
    if (!name.startsWith(`${pkg}.`) || name.slice(pkg.length + 1).includes('.')) continue;
    if (typeof value !== 'object' || value === null || 'format' in value) continue; // a message or enum
    for (const method of Object.values(value as Record<string, { path: string }>)) {
      const [, service = '', rpc = ''] = method.path.split('/');
      rpcs.push(`${service.slice(service.lastIndexOf('.') + 1)}/${rpc}`);
    }
  }
  return rpcs.sort();
}

/** Every proto package that declares at least one service. */
export function packagesWithServices(): string[] {
  const definition = loadFileDescriptorSetFromBuffer(Buffer.from(DESCRIPTOR_SET_BASE64, 'base64'));
  const packages = new Set<string>();
  for (const [name, value] of Object.entries(definition))
    if (typeof value === 'object' && value !== null && !('format' in value))
      packages.add(name.slice(0, name.lastIndexOf('.')));
  return [...packages].sort();
}

/**
 * The binding spec every service has: each RPC of its proto package (and grpc.health) is served by
 * exactly the `@GrpcMethod` handlers of `module`, and `topics` are exactly what its `@EventPattern`
 * handlers consume. It fails on an RPC or a topic bound any other way, or not at all.
 */
export function describeNestBindings(
  service: string,
  module: ModuleRef,
  pkg: string,
  topics: string[],
): void {
  const bindings = nestBindings(module);
  const bound = (kind: 'grpc' | 'event') => bindings.filter((b) => b.kind === kind).map((b) => b.pattern);
  describe(`${service} is served through Nest handlers only`, () => {
    it(`binds every RPC of ${pkg} (and health) to one @GrpcMethod handler`, () => {
      const rpcs = rpcsInPackage(pkg);
      expect(rpcs.length).toBeGreaterThan(0);
      expect(
        bound('grpc')
          .filter((p) => !p.startsWith('Health/'))
          .sort(),
      ).toEqual(rpcs);
      expect(bound('grpc')).toEqual(expect.arrayContaining(rpcsInPackage('grpc.health.v1')));
    });

    it('consumes exactly its topics through @EventPattern handlers', () => {
      expect(bound('event').sort()).toEqual([...topics].sort());
    });
  });
}
