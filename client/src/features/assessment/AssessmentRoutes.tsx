import type { TAssessmentPage } from './assessmentAccess';
import { MyScorePage } from './MyScorePage';
import { NoticePage } from './NoticePage';
import { RankingsPage } from './RankingsPage';
import { SchemesPage } from './SchemesPage';

/** The 考核 screens by path (matchAssessmentPath). */
export function AssessmentRoutes({ match }: { match: TAssessmentPage }) {
  switch (match.page) {
    case 'rankings':
      return <RankingsPage />;
    case 'schemes':
      return <SchemesPage />;
    case 'mine':
      return <MyScorePage />;
    case 'notice':
      return <NoticePage key={match.period} period={match.period} />;
  }
}
