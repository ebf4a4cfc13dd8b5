import time, collections
from tests.api.test_tmp_diag import *  # noqa
CNT = collections.Counter()
T = collections.Counter()
import pytest
@pytest.mark.django_db
@schema.include(path_regex="municipalities").parametrize()
@settings(max_examples=25, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
def test_count(case):
    (case.headers or {}).pop("Authorization", None); (case.headers or {}).pop("Cookie", None); (case.cookies or {}).pop("sessionid", None)
    t=time.perf_counter()
    r = case.call()
    t1=time.perf_counter()
    case.validate_response(r, additional_checks=[not_a_server_error], excluded_checks=EXCLUDED_CHECKS)
    ph = case.meta.phase.name.value if case.meta else None
    CNT[ph]+=1; T[ph+"_call"]+=t1-t; T[ph+"_val"]+=time.perf_counter()-t1
    print(dict(CNT), {k: round(v,2) for k,v in T.items()}, r.status_code, case.query, flush=True)
