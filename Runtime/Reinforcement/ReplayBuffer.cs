using System.Diagnostics.CodeAnalysis;

namespace NetGen;

/// <summary>
/// Experience replay for off-policy learning (DQN): a fixed number of transitions (state, action, reward,
/// next state, terminal) in preallocated flat arrays. Once full, each push overwrites the oldest
/// transition (a ring). Minibatches are drawn uniformly, with replacement, from a seeded generator into
/// caller-owned spans. Nothing is allocated after construction.
/// </summary>
public sealed class ReplayBuffer
{
    private readonly float[] _states;      // [capacity, observationSize]
    private readonly float[] _nextStates;  // [capacity, observationSize]
    private readonly int[] _actions;       // [capacity]
    private readonly float[] _rewards;     // [capacity]
    private readonly float[] _terminals;   // [capacity], 1 where the episode failed after the transition
    private readonly RandomSource _random;
    private int _next; // slot the next push writes

    /// <summary>An empty buffer of <paramref name="capacity"/> transitions of <paramref name="observationSize"/>-float states.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or capacity × observationSize exceeds an array.</exception>
    public ReplayBuffer(int capacity, int observationSize, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(observationSize);
        if ((long)capacity * observationSize > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity,
                $"capacity {capacity} x observationSize {observationSize} exceeds the largest array.");
        }
        Capacity = capacity;
        ObservationSize = observationSize;
        _states = new float[capacity * observationSize];
        _nextStates = new float[capacity * observationSize];
        _actions = new int[capacity];
        _rewards = new float[capacity];
        _terminals = new float[capacity];
        _random = new RandomSource(seed);
    }

    /// <summary>The most transitions kept.</summary>
    public int Capacity { get; }

    /// <summary>Floats per state.</summary>
    public int ObservationSize { get; }

    /// <summary>Transitions held now (grows to <see cref="Capacity"/>, then stays).</summary>
    public int Count { get; private set; }

    /// <summary>
    /// Stores one transition, overwriting the oldest when full. <paramref name="terminal"/> marks a failed
    /// episode (the next state has no value); a truncated episode is not terminal.
    /// </summary>
    /// <exception cref="ArgumentException">A state's length is not <see cref="ObservationSize"/>; nothing is stored.</exception>
    public void Push(ReadOnlySpan<float> state, int action, float reward, ReadOnlySpan<float> nextState, bool terminal)
    {
        RequireLength(state.Length, ObservationSize, "state");
        RequireLength(nextState.Length, ObservationSize, "nextState");
        int offset = _next * ObservationSize;
        state.CopyTo(_states.AsSpan(offset, ObservationSize));
        nextState.CopyTo(_nextStates.AsSpan(offset, ObservationSize));
        _actions[_next] = action;
        _rewards[_next] = reward;
        _terminals[_next] = terminal ? 1.0f : 0.0f;
        _next = _next + 1 == Capacity ? 0 : _next + 1;
        if (Count < Capacity)
        {
            Count++;
        }
    }

    /// <summary>
    /// Draws <paramref name="batch"/> transitions uniformly with replacement from those held and writes them
    /// row by row: <paramref name="states"/> and <paramref name="nextStates"/> [batch, ObservationSize],
    /// <paramref name="actions"/>, <paramref name="rewards"/> and <paramref name="terminals"/> (1 or 0) [batch].
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is not positive.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length; nothing is drawn or written.</exception>
    /// <exception cref="InvalidOperationException">The buffer is empty.</exception>
    public void Sample(int batch, Span<float> states, Span<int> actions, Span<float> rewards, Span<float> nextStates, Span<float> terminals)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        int stateLength = batch * ObservationSize;
        RequireLength(states.Length, stateLength, "states");
        RequireLength(actions.Length, batch, "actions");
        RequireLength(rewards.Length, batch, "rewards");
        RequireLength(nextStates.Length, stateLength, "nextStates");
        RequireLength(terminals.Length, batch, "terminals");
        if (Count == 0)
        {
            throw new InvalidOperationException("Cannot sample from an empty replay buffer.");
        }

        for (int b = 0; b < batch; b++)
        {
            int i = _random.NextInt32(Count);
            _states.AsSpan(i * ObservationSize, ObservationSize).CopyTo(states.Slice(b * ObservationSize, ObservationSize));
            _nextStates.AsSpan(i * ObservationSize, ObservationSize).CopyTo(nextStates.Slice(b * ObservationSize, ObservationSize));
            actions[b] = _actions[i];
            rewards[b] = _rewards[i];
            terminals[b] = _terminals[i];
        }
    }

    private static void RequireLength(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            ThrowLength(actual, expected, name);
        }
    }

    [DoesNotReturn]
    private static void ThrowLength(int actual, int expected, string name) =>
        throw new ArgumentException($"Expected {name} of length {expected}, but its length is {actual}.", name);
}
