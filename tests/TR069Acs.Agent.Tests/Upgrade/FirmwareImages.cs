using TR069Acs.Provisioning.Firmware;

namespace TR069Acs.Agent.Tests.Upgrade;

/// <summary>Firmware images in our format for the tests, good and damaged in the ways a phone must notice.</summary>
internal static class FirmwareImages
{
    public const string NewVersion = "sip88xx.12-0-5MPP0001-7";

    public static byte[] Good(string version = NewVersion, string model = "CP-8841-3PCC")
        => FirmwareImage.Pack([model], version, Payload());

    /// <summary>A good image with one payload byte changed: its SHA-256 no longer matches.</summary>
    public static byte[] Corrupt()
    {
        var image = Good();
        image[^100] ^= 0x5a;
        return image;
    }

    /// <summary>A good image cut short, as an interrupted transfer leaves it.</summary>
    public static byte[] Truncated() => Good()[..^100];

    public static byte[] ForAnotherModel() => Good(model: "SPA504G");

    public static byte[] Damaged(string kind) => kind switch
    {
        "corrupt" => Corrupt(),
        "truncated" => Truncated(),
        "wrong-model" => ForAnotherModel(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static byte[] Payload()
    {
        var payload = new byte[4096];
        new Random(42).NextBytes(payload);
        return payload;
    }
}
