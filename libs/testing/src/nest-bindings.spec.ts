import { packagesWithServices, rpcsInPackage } from './nest-bindings';

describe('the contracts in proto/', () => {
  it('declare services only in packages one Parley service (or grpc.health) owns', () => {
    // Each of these packages has a binding spec in its service (apps/<service>/src/*.bindings.spec.ts).
    expect(packagesWithServices()).toEqual([
      'grpc.health.v1',
      'parley.conversation.v1',
      'parley.media.v1',
      'parley.messaging.v1',
      'parley.session.v1',
    ]);
  });

  it('list RPCs by short service name, as @GrpcMethod takes them', () => {
    expect(rpcsInPackage('grpc.health.v1')).toEqual(['Health/Check', 'Health/Watch']);
  });
});
