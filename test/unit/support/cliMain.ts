/** The CLI's entry point run from source (through tsx), for tests that start it as a process. */
import { main } from '../../../src/cli/main';

main();
