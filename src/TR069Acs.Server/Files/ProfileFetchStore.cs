using Dapper;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Files;

/// <summary>The last profile request of each device.</summary>
internal sealed class ProfileFetchStore(AcsDatabase database)
{
    public async Task RecordAsync(ProfileFetch fetch, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO profile_fetches (device_id, fetched, method, file_name, remote_address, user_agent, software_version, status_body)
            VALUES (@DeviceId, @Fetched, @Method, @FileName, @RemoteAddress, @UserAgent, @SoftwareVersion, @StatusBody)
            ON CONFLICT (device_id) DO UPDATE SET
                fetched = excluded.fetched, method = excluded.method, file_name = excluded.file_name,
                remote_address = excluded.remote_address, user_agent = excluded.user_agent,
                software_version = excluded.software_version, status_body = excluded.status_body
            """, fetch, cancellationToken: cancellationToken));
    }

    public async Task<ProfileFetch?> GetAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT device_id, fetched, method, file_name, remote_address, user_agent, software_version, status_body FROM profile_fetches WHERE device_id = @DeviceId",
            new { DeviceId = deviceId }, cancellationToken: cancellationToken));
        return row is null ? null
            : new ProfileFetch(row.DeviceId, row.Fetched, row.Method, row.FileName, row.RemoteAddress, row.UserAgent, row.SoftwareVersion, row.StatusBody);
    }

    private sealed class Row
    {
        public string DeviceId { get; init; } = "";
        public long Fetched { get; init; }
        public string Method { get; init; } = "";
        public string FileName { get; init; } = "";
        public string? RemoteAddress { get; init; }
        public string? UserAgent { get; init; }
        public string? SoftwareVersion { get; init; }
        public string? StatusBody { get; init; }
    }
}
