using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TR069Acs.Provisioning.Mapping;
using TR069Acs.Server.ConnectionRequests;
using TR069Acs.Server.Storage;
using TR069Acs.Server.Tasks;

namespace TR069Acs.Server.Configuration;

/// <summary>
/// Brings a change of a device's effective configuration to a device on TR-069: one queued SetParameterValues of the
/// changed flat values on their <c>Device.X_CISCO_COM_FlatProfile.&lt;Name&gt;</c> paths (verbatim flat values), then a
/// Connection Request in the background so the API call does not wait for the phones. A value no scope sets any more
/// goes back to the model's factory value. Devices that never informed read the change at their next resync, where the
/// profile is rendered on request.
/// </summary>
internal sealed partial class ConfigPusher(
    TaskService tasks,
    ConnectionRequestService connectionRequests,
    PhoneMapping mapping,
    IHostApplicationLifetime lifetime,
    ILogger<ConfigPusher> logger)
{
    // Connection Requests of one bulk change go out a few at a time.
    private readonly SemaphoreSlim _wakeSlots = new(16);

    /// <summary>Queues the SetParameterValues for what differs between <paramref name="before"/> and <paramref name="after"/>; null when nothing does.</summary>
    public async Task<ConfigPush?> PushAsync(DeviceRow device, EffectiveConfig before, EffectiveConfig after, CancellationToken cancellationToken)
    {
        var changes = Diff(device, before, after, out _, quiet: false);
        if (changes.Count == 0)
        {
            return null;
        }
        var values = new JsonArray();
        foreach (var (name, value) in changes)
        {
            values.Add(new JsonObject
            {
                ["name"] = Tr069Roots.DevicePrefix + Tr069Roots.FlatProfileObject + name,
                ["value"] = value,
                ["type"] = "xsd:string",
            });
        }
        var task = await tasks.CreateAsync(device, new JsonObject { ["type"] = "setParameterValues", ["parameterValues"] = values }, cancellationToken);
        _ = WakeAsync(device, task.Id);
        return new ConfigPush(device.Id, task.Id, [.. changes.Select(c => c.Name)]);
    }

    /// <summary>What <see cref="PushAsync"/> would send (nothing is queued): the number of values, and whether any of
    /// them goes back to its factory value.</summary>
    public (int Values, bool RevertsToFactory) Preview(DeviceRow device, EffectiveConfig before, EffectiveConfig after)
        => (Diff(device, before, after, out var reverts, quiet: true).Count, reverts);

    private List<(string Name, string Value)> Diff(DeviceRow device, EffectiveConfig before, EffectiveConfig after, out bool reverts, bool quiet)
    {
        reverts = false;
        var productClass = device.ProductClass;
        var changes = new List<(string, string)>();
        foreach (var (name, value) in after.Values)
        {
            // Template variables: device.* are filled here; a value needing a request (cert.*, request.*) waits for a resync.
            if ((!before.Values.TryGetValue(name, out var old) || old.Value != value.Value)
                && Files.ProfileTemplate.TryRenderForDevice(value.Value, device, out var rendered))
            {
                changes.Add((name, rendered));
            }
        }
        var model = mapping.TryForModel(productClass, out var m) ? m : null;
        foreach (var name in before.Values.Keys.Where(n => !after.Values.ContainsKey(n)))
        {
            if (model is not null && model.Parameters.TryGet(name, out var parameter))
            {
                changes.Add((name, parameter.Default));
                reverts = true;
            }
            else if (!quiet)
            {
                Log.NoFactoryValue(logger, name, productClass);
            }
        }
        changes.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return changes;
    }

    private async Task WakeAsync(DeviceRow device, long taskId)
    {
        var stopping = lifetime.ApplicationStopping;
        try
        {
            await _wakeSlots.WaitAsync(stopping);
            try
            {
                await connectionRequests.RequestAsync(device, taskId, stopping);
            }
            finally
            {
                _wakeSlots.Release();
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException or System.Data.Common.DbException or HttpRequestException)
        {
            Log.WakeFailed(logger, device.Id, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(60, LogLevel.Information, "{Name} was removed from the configuration of a {Model}, which the catalogue does not know: its value on the device is left as it is")]
        public static partial void NoFactoryValue(ILogger logger, string name, string model);

        [LoggerMessage(61, LogLevel.Warning, "Connection Request to {DeviceId} for a configuration change failed: {Error}")]
        public static partial void WakeFailed(ILogger logger, string deviceId, string error);
    }
}
