* fixed-form MPS whose names contain spaces (fields by column)
NAME          FIXED NAME
ROWS
 N  COST
 L  LIM 1
 G  LIM 2
 E  MY EQN
COLUMNS
    X ONE     COST               1.0   LIM 1              1.0
    X ONE     LIM 2              1.0
    X TWO     COST               2.0   LIM 1              1.0
    X TWO     MY EQN            -1.0
    X3        COST              -1.0   MY EQN             1.0
RHS
    RHS       COST              -3.5
    RHS       LIM 1              4.0   LIM 2              1.0
    RHS       MY EQN             7.0
BOUNDS
 UP BND       X ONE              4.0
 LO BND       X TWO             -1.0
 UP BND       X TWO              1.0
ENDATA
