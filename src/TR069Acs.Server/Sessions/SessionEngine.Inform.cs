using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using TR069Acs.Cwmp;
using TR069Acs.Server.Devices;

namespace TR069Acs.Server.Sessions;

internal sealed partial class SessionEngine
{
    // TR-069 A.3.3.1: the Inform opens the session. The device is registered (write-behind) and the answer is
    // InformResponse with MaxEnvelopes 1, in the CPE's namespace, echoing its cwmp:ID, with the session cookie.
    private async Task InformAsync(HttpContext context, CwmpSession? current, CwmpEnvelope envelope, Inform inform)
    {
        if (MissingDeviceIdField(inform.DeviceId) is { } field)
        {
            await CwmpHttp.TextAsync(context, StatusCodes.Status400BadRequest,
                $"Unreadable CWMP message: Inform DeviceId/{field} is empty; the ACS identifies a CPE by OUI, ProductClass and SerialNumber.");
            return;
        }
        var deviceId = DeviceIdentity.Create(inform.DeviceId);
        // TR-069 3.4.4: the CPE proves it is the device it names before anything about that device changes.
        var bound = await authenticator.AuthenticateAsync(context, new CpeAuth.CpeClaim(deviceId, inform.DeviceId.SerialNumber, InformMac(inform),
            inform.Events.Any(e => e.EventCode == EventCodes.Bootstrap)));
        if (bound is null)
        {
            return;
        }
        if (inform.UnreadableCurrentTime is { } time)
        {
            Log.UnreadableCurrentTime(logger, deviceId, time);
        }

        if (current is not null && current.DeviceId == deviceId)
        {
            // A second Inform on a live session: the CPE has given up on the old session and starts over.
            // (A session of another device found by connection is left alone: a proxy may share connections.)
            await current.Gate.WaitAsync(context.RequestAborted);
            try
            {
                if (!current.IsClosed)
                {
                    var what = current.Outstanding is { } o ? $" while {o.Kind.RpcName} (cwmp:ID {o.RequestId}) was outstanding" : "";
                    await CloseAsync(current, $"the CPE started a new session (Inform){what}");
                }
            }
            finally
            {
                current.Gate.Release();
            }
        }

        var connection = context.Connection;
        var proof = context.Features.Get<CpeAuth.CpeProof>() is { } p && p.DeviceId == deviceId ? p : null;
        var session = new CwmpSession(NewCookie(), deviceId, inform.DeviceId, envelope.Version, connection.Id, Ticks)
        {
            Binding = bound.Push ? bound : null,
            Root = DataModelRoot(inform),
            RemoteAddress = Normalize(connection.RemoteIpAddress),
            Proof = proof,
        };
        if (!registry.TryAdd(session, out var holder))
        {
            if (holder is not null && Expired(holder))
            {
                await ExpireAsync(holder);
                registry.TryAdd(session, out holder);
            }
            if (holder is not null && proof is not null)
            {
                await TakeOverAsync(context, holder);
                registry.TryAdd(session, out holder);
            }
            if (holder is not null)
            {
                // One session per device (DESIGN §4): the CPE retries later, as TR-069 3.2.1 has it retry any failed session.
                var remaining = options.SessionTimeoutSeconds - (int)((Ticks - holder.LastActivity) / 1000);
                context.Response.Headers[HeaderNames.RetryAfter] = Math.Max(1, remaining).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await CwmpHttp.TextAsync(context, StatusCodes.Status503ServiceUnavailable,
                    $"Device {deviceId} already has a CWMP session in progress; retry after it ends.");
                return;
            }
        }

        if (node.Shared && !await HoldLeaseAsync(session, context.RequestAborted))
        {
            // One session per device across the nodes on the database (DESIGN §4): the lease is taken at the Inform,
            // so a second node refuses the device's concurrent session as this node's registry does above.
            registry.Remove(session);
            Log.LeasedElsewhere(logger, deviceId);
            context.Response.Headers[HeaderNames.RetryAfter] = options.SessionTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await CwmpHttp.TextAsync(context, StatusCodes.Status503ServiceUnavailable,
                $"Device {deviceId} already has a CWMP session in progress on another ACS node; retry after it ends.");
            return;
        }

        var record = Telemetry(deviceId, inform, envelope.Version, connection.RemoteIpAddress?.ToString());
        if (!telemetry.TryEnqueue(record))
        {
            // Issue 16: a full write-behind queue is not acknowledged; the CPE retries (TR-069 3.2.1).
            registry.Remove(session);
            if (session.LeaseHeld)
            {
                session.LeaseHeld = false;
                await leases.ReleaseAsync(deviceId, node.Instance, CancellationToken.None);
            }
            digests.Forget(deviceId);
            context.Response.Headers[HeaderNames.RetryAfter] = TelemetryRetryAfterSeconds;
            await CwmpHttp.TextAsync(context, StatusCodes.Status503ServiceUnavailable,
                "The ACS is writing behind; retry this session later.");
            return;
        }
        session.Facts = Facts(session, inform, record);
        await campaigns.InformAsync(deviceId, record.SoftwareVersion, context.RequestAborted);
        await CwmpHttp.WriteAsync(context, session.Version, envelope.Header.Id, new InformResponse(1), session.Cookie);
    }

    private static string? InformMac(Inform inform)
    {
        foreach (var p in inform.ParameterList)
        {
            if (p.Name.EndsWith("MACAddress", StringComparison.Ordinal) && p.Value.Length > 0)
            {
                return p.Value;
            }
        }
        return null;
    }

    // The CPE's data model root as its Inform shows it: TR-098 gateways report InternetGatewayDevice., TR-181 ones Device.
    private static string DataModelRoot(Inform inform)
    {
        foreach (var p in inform.ParameterList)
        {
            if (p.Name.StartsWith("InternetGatewayDevice.", StringComparison.Ordinal))
            {
                return "InternetGatewayDevice.";
            }
            if (p.Name.StartsWith("Device.", StringComparison.Ordinal))
            {
                return "Device.";
            }
        }
        return "Device.";
    }

    // Long enough for the writer to catch up, short enough that a periodic Inform is not delayed by much.
    private const string TelemetryRetryAfterSeconds = "30";

    private static string? MissingDeviceIdField(DeviceId id)
        => string.IsNullOrWhiteSpace(id.Oui) ? "OUI" : string.IsNullOrWhiteSpace(id.SerialNumber) ? "SerialNumber" : null;

    private InformTelemetry Telemetry(string deviceId, Inform inform, CwmpVersion version, string? remoteAddress)
    {
        string? software = null, hardware = null, mac = null, connectionRequestUrl = null;
        foreach (var p in inform.ParameterList)
        {
            var name = p.Name;
            if (name.EndsWith(".DeviceInfo.SoftwareVersion", StringComparison.Ordinal))
            {
                software = p.Value;
            }
            else if (name.EndsWith(".DeviceInfo.HardwareVersion", StringComparison.Ordinal))
            {
                hardware = p.Value;
            }
            else if (name.EndsWith(".ManagementServer.ConnectionRequestURL", StringComparison.Ordinal))
            {
                connectionRequestUrl = p.Value;
            }
            else if (mac is null && name.EndsWith("MACAddress", StringComparison.Ordinal) && p.Value.Length > 0)
            {
                mac = p.Value;
            }
        }
        return new InformTelemetry
        {
            DeviceId = deviceId,
            Identity = inform.DeviceId,
            SoftwareVersion = software,
            HardwareVersion = hardware,
            MacAddress = mac,
            ConnectionRequestUrl = connectionRequestUrl,
            RemoteAddress = remoteAddress,
            CwmpVersion = CwmpNamespaces.For(version),
            EventsJson = EventsJson(inform.Events),
            Time = NowMs,
            // Shared database: another node may have written this device's values since this node last did, so what
            // this node remembers is no proof that the database holds them.
            ChangedParameters = node.Shared ? inform.ParameterList : digests.TakeChanged(deviceId, inform.ParameterList),
        };
    }

    private static string EventsJson(IReadOnlyList<EventStruct> events)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var e in events)
            {
                json.WriteStartObject();
                json.WriteString("eventCode", e.EventCode);
                json.WriteString("commandKey", e.CommandKey);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string NewCookie()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
