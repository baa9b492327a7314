import dayjs from 'dayjs';
import { useEffect, useState } from 'react';

/** The wall clock in China time, ticking every second. */
export function ScreenClock() {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const at = dayjs(now);
  return (
    <div className="screen-clock" data-testid="screen-clock">
      <div className="screen-clock-time">{at.format('HH:mm:ss')}</div>
      <div className="screen-clock-date">{at.format('YYYY-MM-DD dddd')}</div>
    </div>
  );
}
