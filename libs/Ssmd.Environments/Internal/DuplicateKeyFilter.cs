using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Ssmd.Environments.Internal;

/// <summary>
/// Sits between YamlDotNet's parser and its representation model and drops the second occurrence of a
/// key (with its value), reporting it. The representation model throws on the first duplicate, which
/// would hide every other problem in the file; with this filter the rest is still validated.
/// </summary>
internal sealed class DuplicateKeyFilter(IParser inner, Action<Scalar, Mark> onDuplicate) : IParser
{
    private readonly Stack<Frame> _frames = new();

    public ParsingEvent? Current => inner.Current;

    /// <summary>Where the innermost open <c>[ ]</c> or <c>{ }</c> starts, if any: the likely culprit when the scanner gives up.</summary>
    public Mark? OpenFlowStart => _frames.FirstOrDefault(f => f.FlowStart is not null)?.FlowStart;

    /// <summary>The end of the last event read.</summary>
    public Mark LastEnd { get; private set; } = Mark.Empty;

    public bool MoveNext()
    {
        while (inner.MoveNext())
        {
            var current = inner.Current!;
            LastEnd = current.End;
            switch (current)
            {
                case DocumentStart:
                    _frames.Clear();
                    break;
                case MappingEnd or SequenceEnd:
                    _frames.Pop();
                    break;
                case NodeEvent or AnchorAlias:
                    if (IsDuplicateKey(current))
                    {
                        SkipValue();
                        continue;
                    }

                    if (current is MappingStart mapping)
                    {
                        var flowStart = mapping.Style == MappingStyle.Flow ? mapping.Start : (Mark?)null;
                        _frames.Push(new Frame(new Dictionary<string, Mark>(StringComparer.Ordinal), flowStart));
                    }
                    else if (current is SequenceStart sequence)
                    {
                        _frames.Push(new Frame(Keys: null, sequence.Style == SequenceStyle.Flow ? sequence.Start : null));
                    }

                    break;
            }

            return true;
        }

        return false;
    }

    /// <summary>Tracks key/value alternation in the enclosing mapping and reports a repeated scalar key.</summary>
    private bool IsDuplicateKey(ParsingEvent node)
    {
        if (!_frames.TryPeek(out var parent) || parent.Keys is null)
        {
            return false;
        }

        if (!parent.ExpectingKey)
        {
            parent.ExpectingKey = true;
            return false;
        }

        parent.ExpectingKey = false;
        if (node is not Scalar key)
        {
            return false;
        }

        if (parent.Keys.TryGetValue(key.Value, out var first))
        {
            onDuplicate(key, first);
            parent.ExpectingKey = true;
            return true;
        }

        parent.Keys.Add(key.Value, key.Start);
        return false;
    }

    /// <summary>Consumes the value of a dropped key: one whole node, however deep.</summary>
    private void SkipValue()
    {
        var depth = 0;
        do
        {
            if (!inner.MoveNext())
            {
                return;
            }

            switch (inner.Current)
            {
                case MappingStart or SequenceStart:
                    depth++;
                    break;
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
            }
        }
        while (depth > 0);
    }

    private sealed record Frame(Dictionary<string, Mark>? Keys, Mark? FlowStart)
    {
        public bool ExpectingKey { get; set; } = true;
    }
}
