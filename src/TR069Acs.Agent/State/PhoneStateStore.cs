using System.Text.Json;

namespace TR069Acs.Agent.State;

/// <summary>One JSON file per phone under a directory, written atomically (temporary file, flush, rename) so that a
/// crash leaves either the old state or the new one, never half a file.</summary>
internal sealed class PhoneStateStore
{
    private readonly string _directory;

    public PhoneStateStore(string directory)
    {
        _directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(_directory);
    }

    public string Directory => _directory;

    /// <summary>The file of the phone with this serial number. Characters a file system may refuse become '_'.</summary>
    public string PathFor(string serial)
    {
        Span<char> name = stackalloc char[Math.Min(serial.Length, 128)];
        for (var i = 0; i < name.Length; i++)
        {
            var c = serial[i];
            name[i] = char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_';
        }
        return Path.Combine(_directory, string.Concat("phone-", name, ".json"));
    }

    /// <summary>Reads a phone's state; null when it has none. A file that cannot be read is moved aside
    /// (<c>.corrupt</c>) and reported through <paramref name="problem"/>, and the phone starts factory-fresh.</summary>
    public PhoneState? Load(string serial, out string? problem)
    {
        problem = null;
        var path = PathFor(serial);
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            using var stream = File.OpenRead(path);
            var state = JsonSerializer.Deserialize(stream, PhoneStateJsonContext.Default.PhoneState);
            if (state is { Version: 1 } && state.Serial == serial)
            {
                return state;
            }
            problem = state is null ? "the file is empty" : $"it is version {state.Version} for serial '{state.Serial}'";
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            problem = e.Message;
        }
        try
        {
            File.Move(path, path + ".corrupt", overwrite: true);
        }
        catch (IOException)
        {
        }
        return null;
    }

    /// <summary>Writes a phone's state atomically.</summary>
    public void Save(PhoneState state)
    {
        var path = PathFor(state.Serial);
        var temporary = string.Concat(path, ".", Guid.NewGuid().ToString("N"), ".tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096))
            {
                JsonSerializer.Serialize(stream, state, PhoneStateJsonContext.Default.PhoneState);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
