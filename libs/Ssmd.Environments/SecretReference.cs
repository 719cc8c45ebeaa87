namespace Ssmd.Environments;

/// <summary>
/// Where a secret's value lives. An environment file never holds the value itself: it names an
/// environment variable (<see cref="EnvironmentSecretReference"/>), a file
/// (<see cref="FileSecretReference"/>) or a Kubernetes Secret (<see cref="KubernetesSecretReference"/>).
/// <see cref="object.ToString"/> describes the reference, so it is safe to log.
/// </summary>
public abstract record SecretReference;
