using Dapper;
using Microsoft.Extensions.Caching.Memory;
using TR069Acs.Server.Configuration;
using TR069Acs.Server.Security;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Provisioning;

/// <summary>The <c>secure_provisioning</c> table: one row per device with secure provisioning on.</summary>
/// <remarks>Every profile request asks whether its device has secure provisioning on, so answers for the file server
/// (<see cref="GetForRequestAsync"/>) are remembered for <see cref="ConfigCache.MaxAge"/>, as the configuration they
/// layer over is: a change through this node applies at once, one through another node within that age. The key
/// (<c>key_text</c>) is stored encrypted (<see cref="SecretProtector"/>) and decrypted when a row is read.</remarks>
internal sealed class SecureProvisioningStore(AcsDatabase database, SecretProtector protector) : IDisposable
{
    private const string Columns = "device_id, directory, key_text, generation, created, rotated, first_stage_served, second_stage_served";
    private const int Capacity = 20_000;

    private long _writes;

    private readonly MemoryCache _recent = new(new MemoryCacheOptions { SizeLimit = Capacity, ExpirationScanFrequency = TimeSpan.FromSeconds(5) });

    /// <summary>The device's state as the database has it now (the API).</summary>
    public async Task<SecureProvisioningState?> GetAsync(string deviceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return Open(await connection.QuerySingleOrDefaultAsync<SecureProvisioningState>(new CommandDefinition(
            $"SELECT {Columns} FROM secure_provisioning WHERE device_id = @DeviceId", new { DeviceId = deviceId }, cancellationToken: cancellationToken)));
    }

    /// <summary>The device's state for a profile request: at most <see cref="ConfigCache.MaxAge"/> old (null: off).</summary>
    public async Task<SecureProvisioningState?> GetForRequestAsync(string deviceId, CancellationToken cancellationToken)
    {
        if (_recent.TryGetValue(deviceId, out Remembered? remembered))
        {
            return remembered!.State;
        }
        var writes = Interlocked.Read(ref _writes);
        var state = await GetAsync(deviceId, cancellationToken);
        // A write while this read ran may have been missed by it: then it is not remembered.
        if (Interlocked.Read(ref _writes) == writes)
        {
            _recent.Set(deviceId, new Remembered(state), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = ConfigCache.MaxAge });
        }
        return state;
    }

    public async Task<SecureProvisioningState?> GetByDirectoryAsync(string directory, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return Open(await connection.QuerySingleOrDefaultAsync<SecureProvisioningState>(new CommandDefinition(
            $"SELECT {Columns} FROM secure_provisioning WHERE directory = @Directory", new { Directory = directory }, cancellationToken: cancellationToken)));
    }

    /// <summary>Turns secure provisioning on with <paramref name="key"/> and <paramref name="directory"/>; false when it is on already
    /// (the existing key and directory stay).</summary>
    public async Task<bool> InsertAsync(string deviceId, string key, string directory, long now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(database.Dialect.InsertSecureProvisioningIfAbsent, new { DeviceId = deviceId, Directory = directory, Key = protector.Protect(key), Now = now }, cancellationToken: cancellationToken));
        Forget(deviceId);
        return inserted == 1;
    }

    /// <summary>Replaces key and directory; the old directory stops serving at once. False when secure provisioning is off.</summary>
    public async Task<bool> RotateAsync(string deviceId, string key, string directory, long now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rotated = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE secure_provisioning SET directory = @Directory, key_text = @Key, generation = generation + 1, rotated = @Now,
                first_stage_served = NULL, second_stage_served = NULL
            WHERE device_id = @DeviceId
            """, new { DeviceId = deviceId, Directory = directory, Key = protector.Protect(key), Now = now }, cancellationToken: cancellationToken));
        Forget(deviceId);
        return rotated == 1;
    }

    /// <summary>Turns secure provisioning off; false when it was off.</summary>
    public async Task<bool> DeleteAsync(string deviceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM secure_provisioning WHERE device_id = @DeviceId", new { DeviceId = deviceId }, cancellationToken: cancellationToken));
        Forget(deviceId);
        return deleted == 1;
    }

    /// <summary>Records that a stage was served, unless the device's key changed meanwhile (<paramref name="generation"/>).</summary>
    public async Task MarkServedAsync(string deviceId, long generation, bool secondStage, long now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var column = secondStage ? "second_stage_served" : "first_stage_served";
        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE secure_provisioning SET {column} = @Now WHERE device_id = @DeviceId AND generation = @Generation",
            new { DeviceId = deviceId, Generation = generation, Now = now }, cancellationToken: cancellationToken));
    }

    /// <inheritdoc />
    public void Dispose() => _recent.Dispose();

    private SecureProvisioningState? Open(SecureProvisioningState? state)
    {
        if (state is not null)
        {
            state.KeyText = protector.Unprotect(state.KeyText)!;
        }
        return state;
    }

    private void Forget(string deviceId)
    {
        Interlocked.Increment(ref _writes);
        _recent.Remove(deviceId);
    }

    // Null states (off) are remembered too: most devices have secure provisioning off.
    private sealed record Remembered(SecureProvisioningState? State);
}
