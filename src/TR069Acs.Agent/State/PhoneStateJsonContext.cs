using System.Text.Json.Serialization;

namespace TR069Acs.Agent.State;

/// <summary>Source-generated JSON metadata for the state file (no reflection when a fleet of thousands starts).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PhoneState))]
internal sealed partial class PhoneStateJsonContext : JsonSerializerContext;
