export { startServer, type TRunningServer } from './server';
export type { TAppContext } from './app-context';
