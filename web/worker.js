// Scoring worker: owns the model so searching and scoring never block typing.
// The package's movienet/model-worker does the loading and the messaging
// (app.js starts this worker through createWorkerModel); the page's requests
// arrive through the one function exposed here, model.demo(type, request).
import { expose } from '../dist/model-worker.js';
import { demoRequest } from './demo-requests.js';

expose({ demo: demoRequest });
