-- Statistics (GET /api/stats/...) for branch managers; administrators have '*'.
UPDATE staff_role SET permissions = array_append(permissions, 'stats.read')
WHERE code = 'branch-manager' AND NOT ('stats.read' = ANY (permissions));
