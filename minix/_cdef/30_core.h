/* generated from csrc/minix_core.h by hand-checked script; keep in sync (a test compares) */

typedef enum MinixError {
    MINIX_OK = 0,
    MINIX_ERR_INVALID_INPUT = 1,
    MINIX_ERR_SETTINGS = 2,
    MINIX_ERR_ALLOC = 3,
    MINIX_ERR_UPDATE_NOT_ALLOWED = 4,
    MINIX_ERR_NOT_SETUP = 5,
    MINIX_ERR_NUMERICAL = 6,
    MINIX_ERR__COUNT = 7
} MinixError;
typedef enum MinixStatus {
    MINIX_UNSOLVED = 0,
    MINIX_SOLVED = 1,
    MINIX_ALMOST_SOLVED = 2,
    MINIX_PRIMAL_INFEASIBLE = 3,
    MINIX_DUAL_INFEASIBLE = 4,
    MINIX_ALMOST_PRIMAL_INFEASIBLE = 5,
    MINIX_ALMOST_DUAL_INFEASIBLE = 6,
    MINIX_MAX_ITERATIONS = 7,
    MINIX_MAX_TIME = 8,
    MINIX_NUMERICAL_ERROR = 9,
    MINIX_INSUFFICIENT_PROGRESS = 10,
    MINIX_INTERRUPTED = 11,
    MINIX_INVALID_INPUT = 12,
    MINIX_STATUS__COUNT = 13
} MinixStatus;
typedef enum MinixConeKind {
    MINIX_CONE_ZERO = 0,
    MINIX_CONE_NONNEG = 1,
    MINIX_CONE_SOC = 2,
    MINIX_CONE_EXP = 3,
    MINIX_CONE_POW = 4,
    MINIX_CONE_PSD = 5
} MinixConeKind;
typedef struct MinixConeSpec {
    int kind;            
    minix_int dim;       
    minix_float param;   
} MinixConeSpec;
typedef struct MinixCsc {
    minix_int m, n;      
    const minix_int *p;  
    const minix_int *i;  
    const minix_float *x;
} MinixCsc;
typedef struct MinixSettings {
    minix_int max_iter;                        
    minix_float time_limit;                    
    int verbose;                               
    minix_float max_step_fraction;             
    minix_float tol_gap_abs;                   
    minix_float tol_gap_rel;                   
    minix_float tol_feas;                      
    minix_float tol_infeas_abs;                
    minix_float tol_infeas_rel;                
    minix_float tol_ktratio;                   
    minix_float reduced_tol_gap_abs;           
    minix_float reduced_tol_gap_rel;           
    minix_float reduced_tol_feas;              
    minix_float reduced_tol_infeas_abs;        
    minix_float reduced_tol_infeas_rel;        
    minix_float reduced_tol_ktratio;           
    int equilibrate_enable;                    
    minix_int equilibrate_max_iter;            
    minix_float equilibrate_min_scaling;       
    minix_float equilibrate_max_scaling;       
    int static_regularization_enable;          
    minix_float static_regularization_constant;
    minix_float static_regularization_proportional; 
    int dynamic_regularization_enable;         
    minix_float dynamic_regularization_eps;    
    minix_float dynamic_regularization_delta;  
    int iterative_refinement_enable;           
    minix_float iterative_refinement_reltol;   
    minix_float iterative_refinement_abstol;   
    minix_int iterative_refinement_max_iter;   
    minix_float iterative_refinement_stop_ratio; 
    int presolve_enable;                       
    minix_int soc_dense_max_dim;               
    minix_float amd_dense;                     
} MinixSettings;
typedef enum MinixTimer {
    MINIX_T_SETUP = 0, MINIX_T_EQUILIBRATE = 1, MINIX_T_ORDERING = 2, MINIX_T_SYMBOLIC = 3,
    MINIX_T_SOLVE = 4, MINIX_T_RESIDUALS = 5, MINIX_T_SCALING = 6, MINIX_T_KKT_UPDATE = 7,
    MINIX_T_FACTOR = 8, MINIX_T_KKT_SOLVE = 9, MINIX_T_STEP = 10, MINIX_T_TERMINATION = 11,
    MINIX_T__COUNT = 12
} MinixTimer;
typedef struct MinixInfo {
    int status;                 
    minix_int iterations;
    minix_float obj_primal;     
    minix_float obj_dual;       
    minix_float gap_abs, gap_rel;
    minix_float res_primal;     
    minix_float res_dual;       
    minix_float res_primal_abs; 
    minix_float res_dual_abs;   
    minix_float res_primal_infeas; 
    minix_float res_dual_infeas;   
    minix_float mu, sigma, step_length, ktratio;
    minix_float times[12]; 
    minix_float setup_time, solve_time;
    minix_int factorizations;
    minix_int refinement_iters;
    minix_int dynamic_reg_count;
    minix_int kkt_dim, kkt_nnz, ldl_nnz;
} MinixInfo;
typedef struct MinixSolver MinixSolver;  
typedef void (*MinixPrintFn)(const char *text, void *ctx);
const char *minix_version(void);
void minix_settings_default(MinixSettings *settings);
const char *minix_status_str(int status);
const char *minix_error_str(int code);
int minix_setup(MinixSolver **solver_out, const MinixCsc *P, const minix_float *q,
                          const MinixCsc *A, const minix_float *b, const MinixConeSpec *cones,
                          minix_int ncones, const MinixSettings *settings);
int minix_solve(MinixSolver *solver);
int minix_update_q(MinixSolver *solver, const minix_float *q);
int minix_update_b(MinixSolver *solver, const minix_float *b);
int minix_update_P(MinixSolver *solver, const minix_float *Px);
int minix_update_A(MinixSolver *solver, const minix_float *Ax);
int minix_update_settings(MinixSolver *solver, const MinixSettings *settings);
int minix_warm_start(MinixSolver *solver, const minix_float *x, const minix_float *s,
                               const minix_float *z);
void minix_set_print(MinixSolver *solver, MinixPrintFn fn, void *ctx);
void minix_free(MinixSolver *solver);
const minix_float *minix_solution_x(const MinixSolver *solver);
const minix_float *minix_solution_s(const MinixSolver *solver);
const minix_float *minix_solution_z(const MinixSolver *solver);
const MinixInfo *minix_info(const MinixSolver *solver);
const char *minix_last_error(const MinixSolver *solver);

extern "Python" void minix_py_print(const char *text, void *ctx);
