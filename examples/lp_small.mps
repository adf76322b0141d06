* lp_small: a small LP in free MPS with a maximization, an objective constant,
* a ranged row and variable bounds.
*
*   maximize   3 x + 2 y - z + 10
*   subject to x +   y +   z <= 4
*              x + 3 y       >= 2
*              x         - z  = 1
*              1 <= 2 x + y <= 6        (ranged row)
*              0 <= x,  0 <= y <= 3,  -1 <= z <= 5
*
* Known optimum: objective 19 at x = 1, y = 3, z = 0 (unique)
* (checked with scipy.optimize.linprog / HiGHS and with Clarabel on the read data).
NAME lp_small
OBJSENSE
    MAX
ROWS
 N  profit
 L  cap
 G  demand
 E  link
 L  mix
COLUMNS
    x  profit  3  cap  1
    x  demand  1  link  1
    x  mix  2
    y  profit  2  cap  1
    y  demand  3  mix  1
    z  profit  -1  cap  1
    z  link  -1
RHS
    rhs  profit  -10
    rhs  cap  4  demand  2
    rhs  link  1  mix  6
RANGES
    rng  mix  5
BOUNDS
 UP bnd  y  3
 LO bnd  z  -1
 UP bnd  z  5
ENDATA
