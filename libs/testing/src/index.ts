// Test helpers shared by every project's specs: fakes of platform ports and checks of Nest wiring.
// Only specs import this library.
export * from './nest-bindings';
export * from './fakes';
