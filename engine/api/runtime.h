#pragma once
// The engine's thread and the machine it runs on, for the app: the one worker
// thread that runs every model job (runtime/worker.h: jobs report progress,
// honour cancellation, return a value or an error), the compute device and
// thread settings, the start-up probe of the device's speed, the versions of
// the libraries, and where the resources (built-in models, samples) live.
// These are the engine's runtime parts, offered here so the app includes one
// door; their names keep the runtime namespace.
//
//   runtime::Worker worker;                                             // starts the engine thread
//   runtime::JobSpec job;
//   job.name = "Embed";
//   job.run = [](runtime::JobContext& c) { c.reportProgress(0.5); return std::any(42); };
//   job.onFinished = [](runtime::JobOutcome o) { /* called on the engine thread */ };
//   runtime::JobId id = worker.submit(std::move(job));
//   auto device = runtime::resolveDevice(runtime::DevicePreference::Auto);  // CUDA when present
//   std::string resources = runtime::findResourceDir(runtime::currentExecutablePath(argv[0]));
//
// Thread-safety: each header below states its own; a Worker's jobs run on its thread.

#include "runtime/device.h"
#include "runtime/device_probe.h"
#include "runtime/resources.h"
#include "runtime/versions.h"
#include "runtime/worker.h"
