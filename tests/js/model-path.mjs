// The model the tests run on: the package's default model (models/), or
// MOVIENET_TEST_MODEL to try another model file.
import { fileURLToPath } from 'node:url';

export const defaultModelPath =
  process.env.MOVIENET_TEST_MODEL ?? fileURLToPath(new URL('../../models/movienet-ml-latest-small.safetensors', import.meta.url));
