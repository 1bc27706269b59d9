using System.CommandLine;
using System.Text.Json;
using TR069Acs.Server.Hosting;

namespace TR069Acs.Cli.Commands;

/// <summary><c>acs settings</c>: every <c>Acs:*</c> setting with its default and meaning, generated from the option classes
/// (so it cannot drift from the code).</summary>
internal static class SettingsCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "JSON (key, kind, default, description) instead of text." };
        var command = new Command("settings", """
            List every Acs:* setting of acs serve with its default and meaning. Set them in appsettings.json (working
            directory), as environment variables (ACS__CwmpPort=8547, ACS__Limits__CwmpConnections=...), or on the command
            line (acs serve --Acs:CwmpPort 8547). An unknown key stops the start naming the nearest one.
            """) { json };
        command.SetAction(result =>
        {
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(
                    AcsSettings.All.Select(s => new { key = s.Key, kind = s.Kind, @default = s.Default, description = s.Description }),
                    new JsonSerializerOptions { WriteIndented = true }));
                return ExitCodes.Ok;
            }
            foreach (var setting in AcsSettings.All)
            {
                Console.WriteLine($"{setting.Key} = {(setting.Default.Length > 0 ? setting.Default : "(empty)")}    [{setting.Kind}]");
                if (setting.Description.Length > 0)
                {
                    foreach (var line in Wrap(setting.Description, 100))
                    {
                        Console.WriteLine("    " + line);
                    }
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new System.Text.StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }
            line.Append(line.Length > 0 ? " " : "").Append(word);
        }
        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }
}
