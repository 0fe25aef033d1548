namespace NetGen;

/// <summary>What one <see cref="CartPole.Step"/> returned.</summary>
/// <param name="Reward">1 for every step taken.</param>
/// <param name="Terminated">The pole fell past 12° or the cart left the track: the return after this step is 0.</param>
/// <param name="Truncated">The step limit ended a still-balanced episode: the state's value is not 0, only unobserved.</param>
public readonly record struct CartPoleStep(float Reward, bool Terminated, bool Truncated)
{
    /// <summary>The episode has ended either way.</summary>
    public bool Done => Terminated || Truncated;
}
