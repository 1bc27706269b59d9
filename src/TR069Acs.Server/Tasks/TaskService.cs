using System.Text.Json.Nodes;
using TR069Acs.Provisioning.Mapping;
using TR069Acs.Server.Devices;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Tasks;

/// <summary>The API's side of tasks: validate and queue, wait for completion, cancel.</summary>
internal sealed class TaskService(
    TaskStore tasks,
    DeviceStore devices,
    TelemetryWriter telemetry,
    PendingTaskIndex pending,
    TaskCompletionNotifier notifier,
    ITaskParameterTranslator translator,
    ParameterStore parameters,
    AcsOptions options,
    TimeProvider time,
    Files.FirmwareDownloadCredentials firmwareCredentials)
{
    /// <summary>The device, also when its first Inform is still in the write-behind queue.</summary>
    public async Task<DeviceRow?> FindDeviceAsync(string deviceId, CancellationToken cancellationToken)
    {
        var device = await devices.GetAsync(deviceId, cancellationToken);
        if (device is null)
        {
            await telemetry.FlushAsync(cancellationToken);
            device = await devices.GetAsync(deviceId, cancellationToken);
        }
        return device;
    }

    /// <summary>Validates a task request for <paramref name="device"/> and queues it.</summary>
    /// <exception cref="TaskValidationException">The body names an unknown type or a member is missing or wrong.</exception>
    public async Task<TaskRow> CreateAsync(DeviceRow device, JsonObject body, CancellationToken cancellationToken)
        => await CreateAsync(device, body, null, cancellationToken) ?? throw new InvalidOperationException("the task was not queued");

    /// <summary>Validates a task request for <paramref name="device"/> and queues it if <paramref name="condition"/>,
    /// run in the inserting transaction, holds; null when it did not (nothing is queued).</summary>
    /// <exception cref="TaskValidationException">The body names an unknown type or a member is missing or wrong.</exception>
    public async Task<TaskRow?> CreateAsync(DeviceRow device, JsonObject body, TaskStore.InsertCondition? condition, CancellationToken cancellationToken)
    {
        var type = TaskBody.String(body["type"], "type");
        if (string.IsNullOrEmpty(type))
        {
            throw new TaskValidationException("type", $"'type' is required: one of {string.Join(", ", TaskKinds.Names)}.");
        }
        if (!TaskKinds.TryGet(type, out var kind))
        {
            throw new TaskValidationException("type", $"Unknown task type '{type}'; expected one of {string.Join(", ", TaskKinds.Names)}.");
        }
        var expiresIn = TaskBody.Integer(body["expiresInSeconds"], "expiresInSeconds", 1, 10L * 365 * 24 * 3600) ?? options.TaskDefaultExpirySeconds;
        var context = new TaskTranslationContext(device.Id, device.ProductClass, device.SoftwareVersion, await RootOfAsync(device, cancellationToken));
        var payload = kind.Parse(new TaskBody(body, translator, context));

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        // Acs:FirmwareAuth PerDownload: a download of a stored image gets its own Username/Password.
        await firmwareCredentials.PrepareAsync(device.Id, kind.Name, payload, now + expiresIn * 1000, cancellationToken);
        if (await tasks.InsertAsync(new TaskStore.NewTask(device.Id, kind.Name, payload.ToJsonString(), now, now + expiresIn * 1000,
            kind.CommandKeyOf(payload)), condition, cancellationToken) is not { } id)
        {
            return null;
        }
        pending.Add(device.Id);
        return (await tasks.GetAsync(id, cancellationToken))!;
    }

    /// <summary>Waits until the task is done, faulted or expired, or <paramref name="timeout"/> passes; returns it as it then is.</summary>
    public async Task<TaskRow?> WaitAsync(long taskId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var registration = notifier.Register(taskId);
        try
        {
            var task = await tasks.GetAsync(taskId, cancellationToken);
            if (task is null || TaskStates.IsFinal(task.Status))
            {
                return task;
            }
            try
            {
                await registration.Task.WaitAsync(timeout, time, cancellationToken);
            }
            catch (TimeoutException)
            {
            }
            return await tasks.GetAsync(taskId, cancellationToken);
        }
        finally
        {
            notifier.Unregister(taskId, registration);
        }
    }

    /// <summary>Cancels a queued task.</summary>
    public async Task<bool> CancelAsync(long taskId, CancellationToken cancellationToken)
    {
        var cancelled = await tasks.CancelAsync(taskId, cancellationToken);
        if (cancelled)
        {
            notifier.Notify(taskId);
        }
        return cancelled;
    }

    // The root the device informed under: its stored parameters start with it (written with its device row, so a
    // device that has informed has them). Device. for a device that never informed.
    private async Task<Tr069Root> RootOfAsync(DeviceRow device, CancellationToken cancellationToken)
        => device.LastInform > 0 && await parameters.FirstNameAsync(device.Id, cancellationToken) is { } first
           && Tr069Roots.TryGetRoot(first, out var root)
            ? root
            : Tr069Root.Device;
}
