using Dapper;
using Microsoft.Extensions.Caching.Memory;
using TR069Acs.Cwmp;
using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Server.Devices;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Configuration;

/// <summary>Finds devices by MAC or serial (file-server requests) and pre-registers devices before they ever connect.</summary>
/// <remarks>A device found is remembered for <see cref="ConfigCache.MaxAge"/>, so a phone's profile requests in a burst
/// (plain, then <c>_B</c>… rules, retries) and a resync storm read the devices table once per phone; what a request
/// uses of the row (id, model, MAC) does not change once the device exists. Misses are never remembered: a device
/// registered or informing for the first time is found at once.</remarks>
internal sealed class DeviceDirectory(AcsDatabase database, ParameterCatalogue catalogue, TimeProvider time) : IDisposable
{
    // Devices remembered at most (a row is a few hundred bytes).
    private const int Remembered = 20_000;

    private readonly MemoryCache _found = new(new MemoryCacheOptions
    {
        SizeLimit = Remembered,
        ExpirationScanFrequency = TimeSpan.FromSeconds(5),
    });

    private const string Columns = """
        id, oui, product_class, serial_number, manufacturer, software_version, hardware_version, mac_address,
        connection_request_url, remote_address, cwmp_version, last_events, first_seen, last_inform
        """;

    /// <summary>The device whose MAC is <paramref name="mac"/> (12 lower-case hex digits), in whatever spelling it was stored.</summary>
    public async Task<DeviceRow?> FindByMacAsync(string mac, CancellationToken cancellationToken)
    {
        var key = new MacKey(mac);
        if (_found.TryGetValue(key, out DeviceRow? known))
        {
            return known;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        // The expression matches ix_devices_mac_normalized (migration 002).
        return Remember(key, await connection.QueryFirstOrDefaultAsync<DeviceRow>(new CommandDefinition(
            $"SELECT {Columns} FROM devices WHERE lower(replace(replace(mac_address, ':', ''), '-', '')) = @Mac ORDER BY last_inform DESC",
            new { Mac = mac }, cancellationToken: cancellationToken)));
    }

    /// <summary>The device with serial number <paramref name="serial"/>; the model narrows it when known.</summary>
    public async Task<DeviceRow?> FindBySerialAsync(string serial, string? model, CancellationToken cancellationToken)
    {
        var key = new SerialKey(serial, model);
        if (_found.TryGetValue(key, out DeviceRow? known))
        {
            return known;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<DeviceRow>(new CommandDefinition(
            $"SELECT {Columns} FROM devices WHERE serial_number = @Serial ORDER BY last_inform DESC",
            new { Serial = serial }, cancellationToken: cancellationToken))).AsList();
        return Remember(key, rows.FirstOrDefault(r => model is not null && r.ProductClass.Equals(model, StringComparison.OrdinalIgnoreCase)) ?? rows.FirstOrDefault());
    }

    /// <summary>Creates a device that has not connected yet, under the id its first Inform will produce:
    /// OUI = the first six hex digits of the MAC (upper case, as the phones send it), ProductClass = the model.</summary>
    /// <exception cref="ConfigValidationException">A malformed member.</exception>
    /// <exception cref="DeviceConflictException">The id or the MAC belongs to a device already.</exception>
    public async Task<DeviceRow> PreRegisterAsync(string? macText, string? serial, string? modelText, CancellationToken cancellationToken)
    {
        if (!MacAddress.TryNormalize(macText, out var mac))
        {
            throw new ConfigValidationException("mac", $"'mac' must be a MAC address of 12 hex digits (separators ':' or '-' allowed), got '{macText}'.");
        }
        if (string.IsNullOrWhiteSpace(serial))
        {
            throw new ConfigValidationException("serial", "'serial' is required: the serial number the phone reports (e.g. FCH1234ABCD).");
        }
        if (string.IsNullOrWhiteSpace(modelText))
        {
            throw new ConfigValidationException("model", $"'model' is required: the ProductClass the phone reports (e.g. {string.Join(", ", catalogue.Models.Select(m => m.Name))}).");
        }
        var known = catalogue.TryGetModel(modelText.Trim(), out var phone) ? phone : null;
        var model = known?.Name ?? modelText.Trim();
        var oui = mac[..6].ToUpperInvariant();
        var id = DeviceIdentity.Create(new DeviceId(known?.Manufacturer ?? "", oui, model, serial.Trim()));

        if (await FindByMacAsync(mac, cancellationToken) is { } sameMac)
        {
            throw new DeviceConflictException(sameMac.Id == id
                ? $"Device {id} exists already."
                : $"MAC {Pretty(mac)} belongs to device {sameMac.Id} already.");
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        // last_inform 0 marks a device that never informed; its first Inform's upsert fills in the rest.
        var inserted = await connection.ExecuteAsync(new CommandDefinition(database.Dialect.InsertPreRegisteredDevice, new { Id = id, Oui = oui, ProductClass = model, SerialNumber = serial.Trim(), Manufacturer = known?.Manufacturer ?? "", MacAddress = Pretty(mac), Now = now },
            cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            throw new DeviceConflictException($"Device {id} exists already.");
        }
        return (await connection.QuerySingleAsync<DeviceRow>(new CommandDefinition(
            $"SELECT {Columns} FROM devices WHERE id = @Id", new { Id = id }, cancellationToken: cancellationToken)));
    }

    /// <inheritdoc />
    public void Dispose() => _found.Dispose();

    private DeviceRow? Remember(object key, DeviceRow? device)
    {
        if (device is not null)
        {
            _found.Set(key, device, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = ConfigCache.MaxAge });
        }
        return device;
    }

    private readonly record struct MacKey(string Mac);

    private readonly record struct SerialKey(string Serial, string? Model);

    // TR-106 writes MACAddress as colon-separated upper-case pairs.
    private static string Pretty(string mac) => string.Join(':', Enumerable.Range(0, 6).Select(i => mac.Substring(i * 2, 2))).ToUpperInvariant();
}

/// <summary>A pre-registration collides with a device that exists (HTTP 409).</summary>
internal sealed class DeviceConflictException(string message) : Exception(message);
