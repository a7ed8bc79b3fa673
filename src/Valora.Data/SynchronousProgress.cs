namespace Valora.Data;

/// <summary>Unlike <see cref="Progress{T}"/>, reports on the calling thread, in order, with no synchronisation context.</summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
