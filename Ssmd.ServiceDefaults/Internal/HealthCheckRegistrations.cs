using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Ssmd.ServiceDefaults.Internal;

internal static class HealthCheckRegistrations
{
    /// <summary>Adds a health check unless one with the same name exists, so calling <c>AddX</c> twice is harmless.</summary>
    public static void TryAddHealthCheck(this IHostApplicationBuilder builder, HealthCheckRegistration registration)
    {
        builder.Services.AddHealthChecks();
        builder.Services.Configure<HealthCheckServiceOptions>(options =>
        {
            if (!options.Registrations.Any(r => string.Equals(r.Name, registration.Name, StringComparison.Ordinal)))
            {
                options.Registrations.Add(registration);
            }
        });
    }
}
