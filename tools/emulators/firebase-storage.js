// Serves the Firebase Storage emulator's Google Cloud Storage JSON API (/storage/v1, /upload/storage/v1) on HOST:PORT.
// `firebase emulators:start` would first start the security-rules runtime, a Java 21 jar it downloads at start (no network
// here, Java 17 installed); the GCS API does not consult rules (it acts as the project owner), so only the HTTP app runs.
// Usage: node firebase-storage.js HOST PORT   (blobs go under $TMPDIR/firebase/storage)
const { StorageEmulator } = require("firebase-tools/lib/emulator/storage");
const { createApp } = require("firebase-tools/lib/emulator/storage/server");
const { EmulatorRegistry } = require("firebase-tools/lib/emulator/registry");

const [host, port] = [process.argv[2], Number(process.argv[3])];
const emulator = new StorageEmulator({ projectId: "demo-amphora", host, port, rules: [] });
// Object metadata links are built from the registered emulator's address.
EmulatorRegistry.set(emulator.getName(), emulator);
createApp("demo-amphora", emulator).then((app) => app.listen(port, host));
