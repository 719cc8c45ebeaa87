namespace Ssmd.ServiceDefaults.Internal;

/// <summary>A client registration's settings: the part <see cref="ClientSettingsLoader"/> needs.</summary>
internal interface IConnectionStringSettings
{
    string? ConnectionString { get; set; }
}
