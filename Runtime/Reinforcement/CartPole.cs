using System.Diagnostics.CodeAnalysis;

namespace NetGen;

/// <summary>
/// The cart-pole balancing task: a pole hinged on a cart that moves along a track; each step pushes the
/// cart left or right with a fixed force, and the reward is 1 for every step the pole stays up.
/// Same constants, equations, limits and rewards as OpenAI Gym's <c>CartPole-v1</c>.
/// </summary>
/// <remarks>
/// <para>
/// Dynamics of Barto, Sutton &amp; Anderson, "Neuronlike adaptive elements that can solve difficult learning
/// control problems" (IEEE Trans. SMC 13(5), 1983), in the corrected form of R. V. Florian, "Correct
/// equations for the dynamics of the cart-pole system" (2007), without friction. With gravity g = 9.8,
/// cart mass m_c = 1.0, pole mass m_p = 0.1, half-pole length l = 0.5, total mass M = m_c + m_p and force
/// F = ±10 (action 1 pushes right, action 0 left):
/// </para>
/// <code>
/// temp = (F + m_p·l·θ̇²·sin θ) / M
/// θ̈    = (g·sin θ − cos θ·temp) / (l·(4/3 − m_p·cos²θ / M))
/// ẍ    = temp − m_p·l·θ̈·cos θ / M
/// </code>
/// <para>
/// integrated with explicit Euler over τ = 0.02 s in Gym's order: x += τ·ẋ, ẋ += τ·ẍ, θ += τ·θ̇, θ̇ += τ·θ̈
/// (positions move with the old velocities). The episode fails (terminates) once |x| &gt; 2.4 or
/// |θ| &gt; 12° and is truncated after 500 steps; the failing step still earns its reward of 1, as in Gym.
/// A reset draws each of x, ẋ, θ, θ̇ uniformly from [−0.05, 0.05). The state is kept in double, as Gym keeps
/// it in float64; observations are floats. Nothing is allocated after construction.
/// </para>
/// </remarks>
public sealed class CartPole
{
    /// <summary>Floats per observation: x, ẋ, θ, θ̇.</summary>
    public const int ObservationSize = 4;

    /// <summary>Actions: 0 pushes the cart left, 1 pushes it right.</summary>
    public const int ActionCount = 2;

    /// <summary>Steps after which an episode is truncated (<c>CartPole-v1</c>'s time limit).</summary>
    public const int MaxEpisodeSteps = 500;

    public const double Gravity = 9.8;
    public const double CartMass = 1.0;
    public const double PoleMass = 0.1;
    public const double TotalMass = CartMass + PoleMass;
    public const double HalfPoleLength = 0.5;
    public const double PoleMassLength = PoleMass * HalfPoleLength;
    public const double ForceMagnitude = 10.0;
    public const double Tau = 0.02;

    /// <summary>|x| beyond this fails the episode (the cart left the track).</summary>
    public const double PositionThreshold = 2.4;

    /// <summary>|θ| beyond this fails the episode: 12 degrees, in radians.</summary>
    public const double AngleThreshold = 12 * 2 * Math.PI / 360;

    private readonly RandomSource _random;
    private bool _done = true; // Reset must come first

    /// <summary>A cart-pole whose resets draw from a generator seeded with <paramref name="seed"/>.</summary>
    public CartPole(int seed) => _random = new RandomSource(seed);

    /// <summary>Cart position (m), positive to the right.</summary>
    public double Position { get; private set; }

    /// <summary>Cart velocity (m/s).</summary>
    public double Velocity { get; private set; }

    /// <summary>Pole angle from upright (rad), positive when leaning right.</summary>
    public double Angle { get; private set; }

    /// <summary>Pole angular velocity (rad/s).</summary>
    public double AngularVelocity { get; private set; }

    /// <summary>Steps taken since the last reset.</summary>
    public int StepCount { get; private set; }

    /// <summary>Whether the episode has ended (failed or truncated); <see cref="Step"/> then needs a <see cref="Reset"/>.</summary>
    public bool IsDone => _done;

    /// <summary>Starts an episode from a random state near upright and writes its observation.</summary>
    /// <exception cref="ArgumentException"><paramref name="observation"/> does not hold <see cref="ObservationSize"/> floats.</exception>
    public void Reset(Span<float> observation)
    {
        RequireObservation(observation.Length);
        SetState(_random.NextSingle(-0.05f, 0.05f), _random.NextSingle(-0.05f, 0.05f),
            _random.NextSingle(-0.05f, 0.05f), _random.NextSingle(-0.05f, 0.05f));
        Observe(observation);
    }

    /// <summary>
    /// Places the system in a given state (for tests and demonstrations) and starts an episode from it.
    /// </summary>
    public void SetState(double position, double velocity, double angle, double angularVelocity)
    {
        Position = position;
        Velocity = velocity;
        Angle = angle;
        AngularVelocity = angularVelocity;
        StepCount = 0;
        _done = false;
    }

    /// <summary>
    /// Applies <paramref name="action"/> for one time step τ and writes the new observation. The reward is
    /// always 1 (every step survived, including the failing one).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="action"/> is not 0 or 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="observation"/> does not hold <see cref="ObservationSize"/> floats.</exception>
    /// <exception cref="InvalidOperationException">The episode has ended (or never started): call <see cref="Reset"/>.</exception>
    public CartPoleStep Step(int action, Span<float> observation)
    {
        if ((uint)action >= ActionCount)
        {
            throw new ArgumentOutOfRangeException(nameof(action), action, "Expected action 0 (push left) or 1 (push right).");
        }
        RequireObservation(observation.Length);
        if (_done)
        {
            ThrowDone();
        }

        double force = action == 1 ? ForceMagnitude : -ForceMagnitude;
        double cos = Math.Cos(Angle), sin = Math.Sin(Angle);
        double temp = (force + PoleMassLength * AngularVelocity * AngularVelocity * sin) / TotalMass;
        double angularAcceleration = (Gravity * sin - cos * temp)
            / (HalfPoleLength * (4.0 / 3.0 - PoleMass * cos * cos / TotalMass));
        double acceleration = temp - PoleMassLength * angularAcceleration * cos / TotalMass;

        Position += Tau * Velocity;
        Velocity += Tau * acceleration;
        Angle += Tau * AngularVelocity;
        AngularVelocity += Tau * angularAcceleration;
        StepCount++;

        bool failed = Position < -PositionThreshold || Position > PositionThreshold
            || Angle < -AngleThreshold || Angle > AngleThreshold;
        bool truncated = !failed && StepCount >= MaxEpisodeSteps;
        _done = failed || truncated;
        Observe(observation);
        return new CartPoleStep(1.0f, failed, truncated);
    }

    private void Observe(Span<float> observation)
    {
        observation[0] = (float)Position;
        observation[1] = (float)Velocity;
        observation[2] = (float)Angle;
        observation[3] = (float)AngularVelocity;
    }

    private static void RequireObservation(int length)
    {
        if (length != ObservationSize)
        {
            ThrowObservationLength(length);
        }
    }

    [DoesNotReturn]
    private static void ThrowObservationLength(int length) =>
        throw new ArgumentException($"Expected observation of length {ObservationSize}, but its length is {length}.", "observation");

    [DoesNotReturn]
    private static void ThrowDone() =>
        throw new InvalidOperationException("The episode has ended; call Reset before the next Step.");
}
